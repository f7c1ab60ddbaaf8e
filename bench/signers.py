"""The signers' phones over HTTP: log in, verify by SMS, and sign together, released by a barrier."""
import base64
import io
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from figures import log

HTTP_TIMEOUT = 60  # seconds, every HTTP request
WARM_TIMEOUT = 5  # seconds for the untimed request that opens a connection, when failures are only counted


class Http:
    """A keep-alive session against one base URL; anything but the expected status raises."""

    def __init__(self, base: str, token: str | None = None):
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def req(self, method, path, expect=(200, 201, 202), **kw):
        """One request; the response."""
        kw.setdefault("timeout", HTTP_TIMEOUT)
        res = self.session.request(method, self.base + path, **kw)
        if res.status_code not in expect:
            raise RuntimeError(f"{method} {path} -> {res.status_code} {res.text[:500]}")
        return res


def handwriting_png() -> str:
    """The phone's canvas: a 600 x 240 PNG with one stroke, base64."""
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(40, 180), (160, 60), (260, 170), (380, 50), (540, 160)], fill=(20, 20, 20, 255),
                             width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def sms_code(sms_path: Path, to: str, after: int, timeout: float = 20) -> str:
    """The newest one-time code sent to `to` after the file's first `after` lines."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sms_path.exists():
            lines = sms_path.read_text(encoding="utf-8").splitlines()[after:]
            mine = [json.loads(x) for x in lines if x.strip()]
            mine = [m for m in mine if m["to"] == to and m["template"] == "otp"]
            if mine:
                return mine[-1]["params"]["code"]
        time.sleep(0.05)
    raise RuntimeError(f"no SMS code for {to} after {timeout}s")


def verify_signer(base: str, signer: dict, sms_path: Path) -> dict:
    """Log in (H5), verify by SMS, read documents and seals; returns what the sign request needs."""
    http = Http(base)
    token = http.req("POST", "/api/signer/login", json={"channel": "h5"}).json()["token"]
    http.session.headers["Authorization"] = f"Bearer {token}"
    scene = f"/api/signer/scenes/{signer['scene']}"
    http.req("GET", scene)
    before = len(sms_path.read_text(encoding="utf-8").splitlines()) if sms_path.exists() else 0
    http.req("POST", scene + "/sms")
    code = sms_code(sms_path, signer["phone"], before)
    http.req("POST", scene + "/verify", json={"name": signer["name"], "id_number": signer["id_number"],
                                             "sms_code": code})
    docs = http.req("GET", scene + "/documents").json()
    seal_id = http.req("GET", scene + "/seals").json()[0]["id"]
    seals = {c["id"]: seal_id for d in docs for c in d["controls"] if c["kind"] == "seal"}
    http.session.close()
    return {"token": token, "scene": scene, "seals": seals, "participant_id": signer.get("participant_id")}


def verify_all(base: str, signers: list[dict], sms_path: Path, threads: int = 6) -> list[dict]:
    """verify_signer for many signers, a few at a time (not timed: it prepares the bursts)."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda s: verify_signer(base, s, sms_path), signers))


def concurrent(base: str, jobs: list[tuple[dict, callable]], timeout: float = 120, strict: bool = True) -> list[dict]:
    """Run each job on its own thread and keep-alive connection; a barrier releases them together.

    A job is (headers, fn(session) -> response). Returns per job: seconds, start and finish time
    (perf_counter), status. strict: raise if any job raised; otherwise its result is {"error": ...}.
    """
    barrier = threading.Barrier(len(jobs) + 1)
    results: list[dict | None] = [None] * len(jobs)

    def run(i, headers, fn):
        s = requests.Session()
        s.headers.update(headers)
        try:
            # warm the connection: time the request, not connect; a server that does not answer it
            # still gets the timed request when not strict (its timeout is the figure)
            s.get(base + "/healthz", timeout=HTTP_TIMEOUT if strict else WARM_TIMEOUT)
        except Exception as exc:
            if strict:  # reported below; the barrier is broken so nobody waits forever
                barrier.abort()
                results[i] = {"error": f"before the start: {exc!r}"}
                s.close()
                return
        try:
            barrier.wait(timeout)
        except threading.BrokenBarrierError:
            results[i] = {"error": "another request failed before the start"}
            s.close()
            return
        t0 = time.perf_counter()
        try:
            res = fn(s)
            t1 = time.perf_counter()
            results[i] = {"seconds": t1 - t0, "start": t0, "end": t1, "status": res.status_code, "body": res.text[:300]}
        except Exception as exc:
            results[i] = {"error": repr(exc), "start": t0, "seconds": time.perf_counter() - t0}
        finally:
            s.close()

    threads = [threading.Thread(target=run, args=(i, h, f), daemon=True) for i, (h, f) in enumerate(jobs)]
    for t in threads:
        t.start()
    try:
        barrier.wait(timeout)
    except threading.BrokenBarrierError:
        pass
    for t in threads:
        t.join(timeout + HTTP_TIMEOUT)
    results = [r if r is not None else {"error": "did not finish"} for r in results]
    bad = [r for r in results if "error" in r]
    if bad and strict:
        raise RuntimeError(f"{len(bad)} concurrent requests failed: {bad[:3]}")
    return results


def bare_round(base: str, n: int) -> list[float]:
    """n concurrent GET /healthz; their seconds."""
    res = concurrent(base, [({}, lambda s: s.get(base + "/healthz", timeout=HTTP_TIMEOUT))] * n)
    if any(r["status"] != 200 for r in res):
        raise RuntimeError(f"/healthz answered {[r['status'] for r in res]}")
    return [r["seconds"] for r in res]


def sign_burst(base: str, ready: list[dict], png: str, strict: bool = True) -> tuple[list[dict], list[str]]:
    """The timed burst. A failed request counts in the timings, is reported, and is retried (untimed) with
    the same Idempotency-Key, as the phone would, so that the meeting can still complete.

    strict: a request that raised, or a retry that failed, raises; otherwise it is only reported
    (a result without "end" was never answered with success) and one that got no answer is not retried.
    """
    def job(r):
        # Encoded before the clock starts: the phone's JSON encoding is not the server's latency.
        body = json.dumps({"signature_png": png, "seals": r["seals"]}).encode()
        key = f"bench-{r['participant_id'] or r['scene'][-12:]}"
        return ({"Authorization": f"Bearer {r['token']}", "Idempotency-Key": key, "Content-Type": "application/json"},
                lambda s: s.post(base + r["scene"] + "/sign", data=body, timeout=HTTP_TIMEOUT))
    jobs = [job(r) for r in ready]
    res = concurrent(base, jobs, strict=strict)
    errors, again = [], []
    for i, r in enumerate(res):
        if r.get("status") == 200:
            continue
        errors.append(f"{r['status']} {r['body'][:120].strip()}" if "status" in r else r["error"][:160])
        if "status" in r:  # an answer: the phone tries again; a timeout would only time out again
            again.append(i)
    if again:
        log(f"{len(again)} sign request(s) failed ({errors[0]}); retrying once with the same Idempotency-Key")
        retried = concurrent(base, [jobs[i] for i in again], strict=strict)
        for i, r in zip(again, retried):
            if r.get("status") == 200:
                res[i]["end"] = r["end"]  # completion is counted from the last successful answer
            elif strict:
                raise RuntimeError(f"sign retry failed too: {r.get('status')} {r.get('body', r.get('error'))[:300]}")
            else:
                res[i].pop("end", None)
    return res, errors


def wait_completed(org: Http, meeting_id: str, since: float, timeout: float) -> float:
    """Seconds from `since` (perf_counter) until the organizer API says `completed`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = org.req("GET", f"/api/meetings/{meeting_id}").json()["status"]
        if status == "completed":
            return time.perf_counter() - since
        if status in ("cancelled", "expired"):
            raise RuntimeError(f"meeting {meeting_id} became {status}")
        time.sleep(0.1)
    raise RuntimeError(f"meeting {meeting_id} not completed after {timeout}s")
