"""FakeTencentSms: a local HTTP server answering SendSms like sms.tencentcloudapi.com, for dev and tests.

Each request's TC3-HMAC-SHA256 signature is checked (dev.fake_tencent_sms.tc3), then its shape
(app id, sign name, template, parameter count and lengths, E.164 numbers); answers have Tencent's
shapes. A control API under /__fake__/ lets a test in another process inject faults and read the record.
"""
from __future__ import annotations

import argparse
import json
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dev.fake_tencent_sms import tc3
from dev.fake_tencent_sms.state import MESSAGES, FakeState, Fault, Received
from dev.served import ServedFake

SERVICE, ACTION, VERSION = "sms", "SendSms", "2021-01-11"
MAX_SKEW = 300  # seconds between X-TC-Timestamp and the fake's clock


class FakeTencentSms(ServedFake):
    """A real HTTP server on `host:port` (0 = any free port)."""

    thread_name = "fake-tencent-sms"

    def __init__(self, secret_id: str = "AKIDfake", secret_key: str = "fake-secret-key", sdk_app_id: str = "1400000000",
                 sign_names=("Signstage",), templates: dict | None = None, host: str = "127.0.0.1", port: int = 0,
                 **state_options):
        from backend.lib.sms.templates import KINDS
        # Each kind has a mainland template and an international one ("<kind>@intl"), approved apart.
        templates = templates or {**{kind: str(100000 + i) for i, kind in enumerate(KINDS)},
                                  **{f"{kind}@intl": str(200000 + i) for i, kind in enumerate(KINDS)}}
        self.state = FakeState(secret_id, secret_key, sdk_app_id, sign_names, templates, **state_options)
        self.templates = dict(templates)
        super().__init__(_Server, _Handler, host, port)

    @property
    def endpoint(self) -> str:
        """What TENCENT_SMS_ENDPOINT should be, e.g. http://127.0.0.1:41234."""
        return self.base_url

    def settings(self) -> dict:
        """The app configuration that points SMS_BACKEND=tencent at this fake."""
        return {"SMS_BACKEND": "tencent", "TENCENT_SMS_SECRET_ID": self.state.secret_id,
                "TENCENT_SMS_SECRET_KEY": self.state.secret_key, "TENCENT_SMS_SDK_APP_ID": self.state.sdk_app_id,
                "TENCENT_SMS_SIGN_NAME": sorted(self.state.sign_names)[0], "TENCENT_SMS_TEMPLATES": dict(self.templates),
                "TENCENT_SMS_ENDPOINT": self.endpoint}

    def fail_next(self, code: str, *, times: int = 1, per_number: bool = False, message: str | None = None) -> None:
        """Answer the next `times` SendSms with `code` (in SendStatusSet when per_number, else as Response.Error)."""
        self.state.add_fault(Fault(code, message, per_number), times)

    @property
    def received(self) -> list[Received]:
        """Every SendSms request, oldest first."""
        return self.state.received

    def delivered(self) -> list[dict]:
        """Every per-number status answered Ok: the messages Tencent would have sent."""
        return [s for r in self.state.received for s in r.delivered]

    def clear(self) -> None:
        """Forget the record and the faults not yet used."""
        self.state.clear()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many senders at once must not be refused


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeTencentSms/1.0"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

    def do_GET(self):
        if self.path == "/__fake__/requests":
            fake: FakeTencentSms = self.server.fake
            self._send(200, [{"action": r.action, "body": r.body, "signature_ok": r.signature_ok, "error": r.error,
                              "statuses": r.statuses} for r in fake.received])
        else:
            self._send(404, {"error": "no such path in the fake"})

    def do_POST(self):
        fake: FakeTencentSms = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/__fake__/fail":
            data = json.loads(body or b"{}")
            fake.fail_next(data["code"], times=int(data.get("times", 1)), per_number=bool(data.get("per_number")),
                           message=data.get("message"))
            self._send(200, {"ok": True})
        elif self.path == "/__fake__/reset":
            fake.clear()
            self._send(200, {"ok": True})
        elif self.path == "/":
            self._send(200, _send_sms(fake, self.headers, body))
        else:
            self._send(404, {"error": "no such path in the fake"})

    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            # The SDK reads errors only from exactly this content type.
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _error(code: str, message: str | None = None) -> dict:
    return {"Response": {"Error": {"Code": code, "Message": message or MESSAGES.get(code, code)},
                         "RequestId": str(uuid.uuid4())}}


def _check_signature(fake: FakeTencentSms, headers, body: bytes) -> str | None:
    auth = tc3.parse_authorization(headers.get("Authorization", ""))
    if auth is None:
        return "AuthFailure.InvalidAuthorization"
    if auth["id"] != fake.state.secret_id:
        return "AuthFailure.SecretIdNotFound"
    try:
        timestamp = int(headers.get("X-TC-Timestamp", ""))
    except ValueError:
        return "AuthFailure.InvalidAuthorization"
    if abs(fake.state.clock() - timestamp) > MAX_SKEW:
        return "AuthFailure.SignatureExpire"
    signed = auth["headers"].split(";")
    if "host" not in signed or "content-type" not in signed or auth["service"] != SERVICE:
        return "AuthFailure.InvalidAuthorization"
    lowered = {k.lower(): v for k, v in headers.items()}
    canonical = tc3.canonical_request("POST", "/", "", lowered, signed, body)
    expected = tc3.signature(fake.state.secret_key, timestamp, SERVICE, canonical)
    date_ok = time.strftime("%Y-%m-%d", time.gmtime(timestamp)) == auth["date"]
    if not (date_ok and tc3.hmac.compare_digest(expected, auth["sig"])):
        return "AuthFailure.SignatureFailure"
    return None


def _send_sms(fake: FakeTencentSms, headers, raw: bytes) -> dict:
    action = headers.get("X-TC-Action", "")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        body = {}
    bad_signature = _check_signature(fake, headers, raw)
    received = Received(action, body, signature_ok=bad_signature is None)
    error = bad_signature
    if error is None and action != ACTION:
        error = "InvalidAction"
    if error is None and headers.get("X-TC-Version") != VERSION:
        error = "NoSuchVersion"
    if error is None and not headers.get("X-TC-Region"):
        error = "MissingParameter"
    fault = fake.state.take_fault() if error is None else None
    if error is None and fault is not None and not fault.per_number:
        error = fault.code
    if error is None:
        error = fake.state.check_body(body)
    if error is not None:
        received.error = error
        fake.state.record(received)
        return _error(error, fault.message if fault and fault.code == error else None)
    received.statuses = [fake.state.status_for(phone, body, fault) for phone in body["PhoneNumberSet"]]
    fake.state.record(received)
    return {"Response": {"SendStatusSet": received.statuses, "RequestId": str(uuid.uuid4())}}


def main(argv=None) -> None:
    """Run the fake Tencent Cloud SMS in the foreground until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m dev.fake_tencent_sms.server",
                                     description="A local fake of Tencent Cloud SMS (SendSms).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9200, help="0 picks a free port")
    parser.add_argument("--secret-id", default="AKIDfake")
    parser.add_argument("--secret-key", default="fake-secret-key")
    args = parser.parse_args(argv)
    fake = FakeTencentSms(args.secret_id, args.secret_key, host=args.host, port=args.port).start()
    env = " ".join(f"{k}='{json.dumps(v, separators=(',', ':'))}'" if isinstance(v, dict) else f"{k}={v}"
                   for k, v in fake.settings().items())
    print(f"fake Tencent Cloud SMS serving at {fake.endpoint}", flush=True)
    print(f"  {env}")
    print(f"  record:   curl -s {fake.endpoint}/__fake__/requests")
    print(f"  a fault:  curl -s -XPOST {fake.endpoint}/__fake__/fail -d '{{\"code\": \"LimitExceeded.PhoneNumberDailyLimit\"}}'",
          flush=True)
    fake.serve_until_interrupted()


if __name__ == "__main__":
    main()
