"""FakeWeChat: a local HTTP server speaking WeChat's mini-program server API, for dev and tests."""

from __future__ import annotations

import argparse
import io
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import qrcode
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from backend.lib.wechat.scene import ENV_VERSIONS, WIDTH_RANGE, is_valid_scene
from dev.fake_wechat.state import CODE_TTL, ERRMSG, FakeState, Fault, LoggedRequest, ManualClock  # noqa: F401
from dev.served import ServedFake

JSON_TYPE = "application/json; encoding=utf-8"  # WeChat's own (odd) content type


class FakeWeChat(ServedFake):
    """A real HTTP server on `host:port` (0 = any free port) answering like api.weixin.qq.com."""

    thread_name = "fake-wechat"

    def __init__(self, appid: str, secret: str, host: str = "127.0.0.1", port: int = 0, *,
                 clock=time.time, pages=("pages/sign/index",)):
        self.state = FakeState(appid, secret, clock=clock, pages=tuple(pages))
        super().__init__(_Server, _Handler, host, port)

    @property
    def appid(self) -> str:
        return self.state.appid

    # -- test helpers, delegated to the state ----------------------------------------------

    def issue_login_code(self, openid: str, unionid: str | None = None) -> str:
        """Mint a one-time `wx.login` code for `openid`."""
        return self.state.issue_login_code(openid, unionid)

    def issue_phone_code(self, phone: str, country_code: str = "86") -> str:
        """Mint a one-time phone-number code for `phone` (without its country code) in `country_code`."""
        return self.state.issue_phone_code(phone, country_code)

    def expire_access_tokens(self) -> None:
        """Expire every access token issued so far (next use answers 42001)."""
        self.state.expire_access_tokens()

    def fail_next(self, path: str, errcode: int, errmsg: str | None = None, *, times: int = 1) -> None:
        """Answer the next `times` requests to `path` with WeChat error `errcode`."""
        self.state.add_fault(path, Fault(errcode=errcode, errmsg=errmsg), times)

    def fail_next_http(self, path: str, status: int, body: bytes = b"", *, times: int = 1) -> None:
        """Answer the next `times` requests to `path` with a raw HTTP `status` and `body`."""
        self.state.add_fault(path, Fault(http_status=status, body=body), times)

    def delay_next(self, path: str, seconds: float, *, times: int = 1) -> None:
        """Stall the next `times` requests to `path` for `seconds` before answering normally."""
        self.state.add_fault(path, Fault(delay=seconds), times)

    def clear_faults(self) -> None:
        """Drop every fault injected and not yet used."""
        self.state.clear_faults()

    @property
    def requests(self) -> list:
        """The request log (LoggedRequest), oldest first."""
        return self.state.requests

    def count(self, path: str) -> int:
        """How many requests reached `path`."""
        return sum(1 for r in self.state.requests if r.path == path)

    def clear_log(self) -> None:
        """Forget the logged requests."""
        self.state.clear_log()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled request must not block stop()
    # The default backlog of 5 drops connections when many threads call at once, and the
    # client's SYN retry then costs a full second.
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeWeChat/1.0"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass  # the request log replaces stderr noise

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        fake: FakeWeChat = self.server.fake
        url = urlsplit(self.path)
        path, query = url.path, dict(parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = _ROUTES.get((method, path))
        if route is None:
            self._send(404, b'{"errcode":-1,"errmsg":"no such api in the fake"}', JSON_TYPE)
            return
        status, payload, ctype = self._faulted(fake, path) or route(fake.state, query, body)
        if isinstance(payload, dict):
            errcode = payload.get("errcode") or None
            payload = json.dumps(payload, ensure_ascii=False).encode()
        else:
            errcode = None if status < 400 else status
        if not path.startswith("/__fake__/"):
            fake.state.log(LoggedRequest(method, path, query, body, errcode))
        self._send(status, payload, ctype)

    def _faulted(self, fake: FakeWeChat, path: str):
        fault = fake.state.take_fault(path)
        if fault is None:
            return None
        if fault.delay:
            time.sleep(fault.delay)
        if fault.http_status is not None:
            return fault.http_status, fault.body, "text/html"
        if fault.errcode is not None:
            return 200, _error(fault.errcode, fault.errmsg), JSON_TYPE
        return None

    def _send(self, status: int, payload: bytes, ctype: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer


def _error(errcode: int, errmsg: str | None = None) -> dict:
    # WeChat appends a request id to every error message.
    return {"errcode": errcode, "errmsg": f"{errmsg or ERRMSG.get(errcode, 'error')} rid: fake"}


def _json(payload: dict, status: int = 200):
    return status, payload, JSON_TYPE


def _token(state: FakeState, query: dict, body: bytes):
    if query.get("grant_type") != "client_credential":
        return _json(_error(40002))
    if query.get("appid") != state.appid:
        return _json(_error(40013))
    if query.get("secret") != state.secret:
        return _json(_error(40125))
    token, expires_in = state.new_token()
    return _json({"access_token": token, "expires_in": expires_in})


def _jscode2session(state: FakeState, query: dict, body: bytes):
    if query.get("appid") != state.appid:
        return _json(_error(40013))
    if query.get("secret") != state.secret:
        return _json(_error(40125))
    if query.get("grant_type") != "authorization_code":
        return _json(_error(40002))
    if not query.get("js_code"):
        return _json(_error(41008))
    answer = state.redeem_login_code(query["js_code"])
    return _json(_error(answer) if isinstance(answer, int) else answer)


def _json_body(body: bytes) -> dict | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _wxacode(state: FakeState, query: dict, body: bytes):
    bad_token = state.check_token(query.get("access_token"))
    if bad_token:
        return _json(_error(bad_token))
    data = _json_body(body)
    if data is None:
        return _json(_error(47001))
    scene, page = data.get("scene"), data.get("page") or state.pages[0]
    env_version = data.get("env_version", "release")
    if not is_valid_scene(scene):
        return _json(_error(40169))
    # WeChat checks that the page exists in the published version unless told not to.
    if page.startswith("/") or (data.get("check_path", True) and page not in state.pages):
        return _json(_error(41030))
    if env_version not in ENV_VERSIONS:
        return _json(_error(40097, "invalid args"))
    width = min(max(int(data.get("width") or 430), WIDTH_RANGE[0]), WIDTH_RANGE[1])
    return 200, _qr_png(state.appid, page, scene, env_version, width), "image/png"


def _qr_png(appid: str, page: str, scene: str, env_version: str, width: int) -> bytes:
    # A plain QR code stands in for the round mini-program code; the same facts are in the
    # PNG's text chunks so tests can read them back without a QR decoder.
    content = f"fakewxa://{appid}/{page}?scene={scene}&env_version={env_version}"
    image = qrcode.make(content).get_image().convert("L").resize((width, width), Image.NEAREST)
    info = PngInfo()
    for key, value in (("appid", appid), ("page", page), ("scene", scene),
                       ("env_version", env_version), ("content", content)):
        info.add_text(key, value)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _phone(state: FakeState, query: dict, body: bytes):
    bad_token = state.check_token(query.get("access_token"))
    if bad_token:
        return _json(_error(bad_token))
    data = _json_body(body)
    if data is None or not data.get("code"):
        return _json(_error(47001))
    found = state.redeem_phone_code(str(data["code"]))
    if isinstance(found, int):
        return _json(_error(found))
    phone, country = found["phone"], found["country_code"]
    watermark = {"timestamp": int(state.clock()), "appid": state.appid}
    # As WeChat answers: phoneNumber carries the country code outside the mainland, purePhoneNumber never.
    return _json({"errcode": 0, "errmsg": "ok", "phone_info": {
        "phoneNumber": phone if country == "86" else f"+{country}{phone}", "purePhoneNumber": phone,
        "countryCode": country, "watermark": watermark}})


def _mint_login_code(state: FakeState, query: dict, body: bytes):
    data = _json_body(body) or {}
    if not isinstance(data.get("openid"), str) or not data["openid"]:
        return _json({"error": "body must be JSON {openid, unionid?}"}, 400)
    return _json({"code": state.issue_login_code(data["openid"], data.get("unionid"))})


def _mint_phone_code(state: FakeState, query: dict, body: bytes):
    data = _json_body(body) or {}
    if not isinstance(data.get("phone"), str) or not data["phone"]:
        return _json({"error": "body must be JSON {phone, country_code?}"}, 400)
    country = data.get("country_code", "86")
    if not isinstance(country, str) or not country.isdigit():
        return _json({"error": "country_code must be digits, such as 852"}, 400)
    return _json({"code": state.issue_phone_code(data["phone"], country)})


def _expire_tokens(state: FakeState, query: dict, body: bytes):
    state.expire_access_tokens()
    return _json({"ok": True})


_ROUTES = {
    ("GET", "/cgi-bin/token"): _token,
    ("GET", "/sns/jscode2session"): _jscode2session,
    ("POST", "/wxa/getwxacodeunlimit"): _wxacode,
    ("POST", "/wxa/business/getuserphonenumber"): _phone,
    ("POST", "/__fake__/login-code"): _mint_login_code,
    ("POST", "/__fake__/phone-code"): _mint_phone_code,
    ("POST", "/__fake__/expire-tokens"): _expire_tokens,
}


def main(argv=None) -> None:
    """Run the fake WeChat in the foreground until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m dev.fake_wechat.server",
                                     description="A local fake of WeChat's mini-program server API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100, help="0 picks a free port")
    parser.add_argument("--appid", default="wxfake0000000000")
    parser.add_argument("--secret", default="fake-secret")
    args = parser.parse_args(argv)
    fake = FakeWeChat(args.appid, args.secret, args.host, args.port).start()
    base = fake.base_url
    print(f"fake WeChat serving at {base}", flush=True)
    print(f"  WECHAT_APPID={args.appid} WECHAT_SECRET={args.secret} WECHAT_API_BASE_URL={base}")
    print(f"  mint a wx.login code:  curl -s -XPOST {base}/__fake__/login-code "
          "-d '{\"openid\": \"o-alice\"}'")
    print(f"  mint a phone code:     curl -s -XPOST {base}/__fake__/phone-code "
          "-d '{\"phone\": \"13800138000\"}'")
    print(f"  expire access tokens:  curl -s -XPOST {base}/__fake__/expire-tokens", flush=True)
    fake.serve_until_interrupted()


if __name__ == "__main__":
    main()
