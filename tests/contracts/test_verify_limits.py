"""/api/verify does bounded work: caps, a time and memory budget per request, a few at a time, a rate limit."""
import io
import threading
import time

import requests

from backend.core.extensions import db
from tests.contracts.conftest import SIGNATURES
from tests.support import make_pdf

# Answers must come before the configured budget plus this much (process start, a loaded machine).
MARGIN_SECONDS = 15


def _post(client, data: bytes, **kw):
    return client.post("/api/verify", data={"file": (io.BytesIO(data), "x.pdf")}, content_type="multipart/form-data",
                       **kw)


def _error(res) -> dict:
    return res.get_json()["error"]


def test_a_pdf_built_to_be_slow_is_stopped_at_its_cpu_budget(client, app, slow_hostile_pdf, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_CPU_SECONDS", 2)
    res = _post(client, slow_hostile_pdf, headers={"Accept-Language": "en"})
    assert res.status_code == 422
    error = _error(res)
    assert error["code"] == "pdf_too_complex" and error["reason"] == "over_time"
    assert "2 s of CPU" in error["message"] and error["fields"]["file"]


def test_a_verification_is_stopped_at_its_wall_clock_deadline(client, app, slow_hostile_pdf, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_TIMEOUT_SECONDS", 2)
    started = time.monotonic()
    res = _post(client, slow_hostile_pdf)
    assert time.monotonic() - started < 2 + MARGIN_SECONDS
    assert res.status_code == 422 and _error(res)["reason"] == "over_time"


def test_a_verification_needing_more_memory_than_its_ceiling_is_refused(client, app, hundred_signatures, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_MEMORY_MB", 110)
    res = _post(client, hundred_signatures)
    assert res.status_code == 422
    # Under an address-space ceiling Python raises MemoryError, but native code (a C allocation in a
    # library the child loaded) may abort instead: either way the child is gone and the answer is 422.
    assert _error(res)["code"] == "pdf_too_complex" and _error(res)["reason"] in ("over_memory", "worker_died")


def test_more_signatures_than_allowed_are_refused_before_any_is_examined(client, app, hundred_signatures, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_MAX_SIGNATURES", 50)
    res = _post(client, hundred_signatures)
    assert res.status_code == 422
    assert _error(res)["code"] == "too_many_signatures" and "50" in _error(res)["message"]


def test_a_file_with_far_more_revisions_than_signatures_allowed_is_refused(client, app, slow_hostile_pdf, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_MAX_SIGNATURES", 100)  # 2 x 100 + 16 revisions; the file has 242
    res = _post(client, slow_hostile_pdf, headers={"Accept-Language": "en"})
    assert res.status_code == 422
    assert _error(res)["code"] == "too_many_signatures" and "revisions" in _error(res)["message"]


def test_page_and_size_caps(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_MAX_PAGES", 2)
    res = _post(client, make_pdf(pages=3))
    assert res.status_code == 422 and _error(res)["code"] == "too_many_pages"
    monkeypatch.setitem(app.config, "VERIFY_MAX_BYTES", 1000)
    res = _post(client, make_pdf(pages=1))
    assert res.status_code == 413 and _error(res)["code"] == "pdf_too_large"


def test_verify_is_rate_limited_per_client_address(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert _post(client, b"hello").status_code == 422
    res = _post(client, b"hello")
    assert res.status_code == 429 and _error(res)["code"] == "rate_limited"
    assert int(res.headers["Retry-After"]) > 0
    assert _post(client, b"hello", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 422


def test_beyond_the_concurrent_verifications_the_answer_is_busy(app, live_server, slow_hostile_pdf, monkeypatch):
    from backend.services import pdf_work

    monkeypatch.setitem(app.config, "VERIFY_CONCURRENCY", 1)
    monkeypatch.setitem(app.config, "VERIFY_CPU_SECONDS", 3)
    db.session.remove()
    answers = {}

    def slow():
        answers["slow"] = requests.post(f"{live_server}/api/verify", files={"file": ("x.pdf", slow_hostile_pdf)}, timeout=60)

    first = threading.Thread(target=slow)
    first.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (pdf_work._runner and pdf_work._runner.concurrency == 1
                                                   and pdf_work._runner._slots._value == 0):
            time.sleep(0.02)
        res = requests.post(f"{live_server}/api/verify", files={"file": ("x.pdf", make_pdf())}, timeout=60)
    finally:
        first.join()
    assert res.status_code == 503 and res.json()["error"]["code"] == "busy"
    assert int(res.headers["Retry-After"]) > 0
    assert answers["slow"].status_code == 422 and answers["slow"].json()["error"]["code"] == "pdf_too_complex"


def _sign_body(phone) -> dict:
    seals = {}
    my_seals = phone.get("/seals").get_json()
    for doc in phone.get("/documents").get_json():
        for control in doc["controls"]:
            if control["kind"] == "seal":
                seals[control["id"]] = my_seals[0]["id"]
    from tests.support import handwriting_png
    return {"signature_png": handwriting_png(), "seals": seals}


def _wait_until_slots_taken(concurrency: int, taken: int) -> None:
    from backend.services import pdf_work

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        runner = pdf_work._runner
        if runner and runner.concurrency == concurrency and runner._slots._value == concurrency - taken:
            return
        time.sleep(0.02)
    raise AssertionError(f"{taken} verifications did not start")


def test_four_parallel_verifications_while_a_signer_signs(app, booked, live_server, hundred_signatures,
                                                          slow_hostile_pdf, monkeypatch):
    """Two genuine 100-signature contracts and two hostile PDFs at once, three slots, a signer signing meanwhile.

    The budget is CPU time (the contract needs 10-20 s of it on this shared virtual machine, depending on
    the hour), so a loaded machine slows the test down but does not change its outcome; the wall clock is
    only the safety net.
    """
    cpu, wall = 40, 180
    monkeypatch.setitem(app.config, "VERIFY_CPU_SECONDS", cpu)
    monkeypatch.setitem(app.config, "VERIFY_TIMEOUT_SECONDS", wall)
    monkeypatch.setitem(app.config, "VERIFY_CONCURRENCY", 3)
    c = booked()
    phone = c.phones[0].login()
    assert phone.verify_by_sms().status_code == 200
    body = _sign_body(phone)
    db.session.remove()  # SQLite: the test's own transaction must not hold the write lock the server needs
    results: dict[str, tuple] = {}

    def verify(name: str, data: bytes):
        started = time.monotonic()
        res = requests.post(f"{live_server}/api/verify", files={"file": ("x.pdf", data)}, timeout=wall * 2)
        results[name] = (res, time.monotonic() - started, time.monotonic())

    def sign():
        res = requests.post(f"{live_server}/api/signer/scenes/{phone.scene}/sign", json=body, timeout=wall,
                            headers={"Authorization": f"Bearer {phone.api.token}", "Idempotency-Key": "k1"})
        results["sign"] = (res, None, time.monotonic())

    contracts = [threading.Thread(target=verify, args=(f"contract {i}", hundred_signatures)) for i in (1, 2)]
    hostiles = [threading.Thread(target=verify, args=(f"hostile {i}", slow_hostile_pdf)) for i in (1, 2)]
    signer = threading.Thread(target=sign)
    for t in contracts:
        t.start()
    _wait_until_slots_taken(3, 2)  # both contracts are being verified: the hostile PDFs race for the last slot
    for t in hostiles:
        t.start()
    _wait_until_slots_taken(3, 3)
    signer.start()
    for t in contracts + hostiles + [signer]:
        t.join()

    res, _, signed_at = results["sign"]
    assert res.status_code == 200, res.text
    for name in ("contract 1", "contract 2"):
        res, took, _ = results[name]
        assert res.status_code == 200, res.text
        report = res.json()
        assert report["authentic"] is True and not report["problems"], report["problems"]
        assert len(report["signatures"]) == SIGNATURES
        assert took < wall + MARGIN_SECONDS
    answers = sorted((results[name][0].status_code, results[name][0].json()["error"]["code"], name)
                     for name in ("hostile 1", "hostile 2"))
    (stopped, stopped_code, stopped_name), (busy, busy_code, busy_name) = answers
    assert (stopped, stopped_code, busy, busy_code) == (422, "pdf_too_complex", 503, "busy")
    assert int(results[busy_name][0].headers["Retry-After"]) > 0
    assert results[stopped_name][1] < wall + MARGIN_SECONDS
    assert signed_at < results[stopped_name][2]  # the signer did not wait for the hostile work
