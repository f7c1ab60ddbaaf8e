"""Two hundred big screens on the production layout while every signer signs through it.

The Procfile's processes (gunicorn with gunicorn.conf.py and the app target the Procfile names, a
separate job worker) with Redis, on the suite's database (SQLite or PostgreSQL, whichever the app
fixture uses). 200 streams read the meeting's events from the start; every signer signs over HTTP;
the meeting must complete and every stream must have received every event exactly once, in order:
the same ids as one fresh read from the start.
"""
import json
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from backend.core.extensions import db
from backend.core.resources import platform_ca
from backend.models import Meeting
from tests.deploy import production
from tests.deploy.viewers import Audience, fresh_read
from tests.support import add_document_with_controls, handwriting_png, make_pdf

STREAMS = 200

pytestmark = [
    pytest.mark.slow,
    # strict: once the layout serves streams without a thread each, an unexpected pass fails, and this goes
    pytest.mark.xfail(production.threaded_web(), strict=True,
                      reason="the threaded layout holds one request thread per open stream (16 with 2 x 8)"),
]


@pytest.fixture
def layout(app, tmp_path):
    """The Procfile's processes on the test database and files; yields (base URL, port, SMS file)."""
    if not production.redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    platform_ca()  # made once here, not raced by the servers' processes
    db.session.commit()
    port, cfg = production.free_port(), app.config
    sms_file = tmp_path / "phones.jsonl"
    (tmp_path / "metrics").mkdir()
    env = {**os.environ, "DATABASE_URL": cfg["SQLALCHEMY_DATABASE_URI"], "DATA_DIR": cfg["DATA_DIR"],
           "SECRET_KEY": cfg["SECRET_KEY"], "STORAGE_URL": cfg["STORAGE_URL"], "REDIS_URL": production.REDIS_URL,
           "SMS_BACKEND": "file", "SMS_FILE_PATH": str(sms_file), "PUBLIC_BASE_URL": cfg["PUBLIC_BASE_URL"],
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "RUN_WORKER": "0", "LOG_FORMAT": "text",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "LIVE_STREAM_SECONDS": "600",
           "RATELIMIT_KEY_PREFIX": f"fanout-{secrets.token_hex(4)}", "GUNICORN_GRACEFUL_TIMEOUT": "3"}
    for key in ("S3_ENDPOINT_URL", "PLATFORM_CA_FILE"):
        if cfg.get(key):
            env[key] = cfg[key]
    for key in ("PORT", "METRICS_TOKEN", "WECHAT_APPID", "WECHAT_SECRET"):
        env.pop(key, None)
    started = production.start(env, tmp_path)
    try:
        production.wait_ready(f"http://127.0.0.1:{port}", started)
        yield f"http://127.0.0.1:{port}", port, sms_file
    finally:
        production.stop(started)


def _wait(predicate, seconds: float, what):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(what() if callable(what) else what)
        time.sleep(0.1)


def _codes(sms_file: Path, phone: str) -> list[str]:
    if not sms_file.exists():
        return []
    lines = [json.loads(line) for line in sms_file.read_text(encoding="utf-8").splitlines()]
    return [m["params"]["code"] for m in lines if m["to"] == phone and m["template"] == "otp"]


def _sign(base: str, scene: str, person: dict, sms_file: Path) -> requests.Response:
    """One signer's phone: log in, verify by SMS, read the documents, sign with their seal."""
    api, phone = f"{base}/api/signer/scenes/{scene}", requests.Session()
    phone.headers["Authorization"] = "Bearer " + requests.post(f"{base}/api/signer/login", json={"channel": "h5"},
                                                               timeout=10).json()["token"]
    assert phone.post(f"{api}/sms", timeout=10).status_code == 202
    _wait(lambda: _codes(sms_file, person["phone"]), 15, "no code sent")
    body = {"name": person["name"], "id_number": person["id_number"], "sms_code": _codes(sms_file, person["phone"])[-1]}
    assert phone.post(f"{api}/verify", json=body, timeout=10).status_code == 200
    docs = phone.get(f"{api}/documents", timeout=30).json()
    seal = phone.get(f"{api}/seals", timeout=10).json()[0]["id"]
    choices = {c["id"]: seal for d in docs for c in d["controls"] if c["kind"] == "seal"}
    return phone.post(f"{api}/sign", json={"signature_png": handwriting_png(), "seals": choices},
                      headers={"Idempotency-Key": f"fanout-{scene[-8:]}"}, timeout=30)


def test_two_hundred_streams_see_every_event_once(layout, ceremony):
    (base, port, sms_file), started = layout, time.monotonic()
    c = ceremony(signers_per_enterprise=2, starts_in=timedelta(minutes=10))
    add_document_with_controls(c, make_pdf(pages=2))
    mid, org = c.meeting["id"], {"Authorization": f"Bearer {c.api.token}"}
    db.session.commit()
    res = requests.post(f"{base}/api/meetings/{mid}/book", headers=org, timeout=30)
    assert res.status_code == 200, res.text
    meeting = db.session.get(Meeting, mid)
    scenes = {p.id: p.scene_token for p in meeting.participants if p.role == "signer"}
    path = f"/screen/{meeting.result_token}/events"
    people = [e for staff in c.staff.values() for e in staff]
    signers = {s["id"]: next(e for e in people if e["name"] == s["name"] and e["phone"][-4:] == s["phone_masked"][-4:])
               for s in c.signers}
    db.session.rollback()

    with Audience(port, path, STREAMS) as audience:
        _wait(lambda: audience.served() == STREAMS, 20,
              lambda: f"{audience.served()} of {STREAMS} streams served; errors: "
                      f"{sorted({v.error for v in audience.viewers if v.error})[:3]}")
        answers = {pid: _sign(base, scenes[pid], person, sms_file) for pid, person in signers.items()}
        assert {pid: r.status_code for pid, r in answers.items()} == dict.fromkeys(signers, 200), \
            {pid: r.text[:200] for pid, r in answers.items() if r.status_code != 200}
        _wait(lambda: requests.get(f"{base}/api/meetings/{mid}", headers=org, timeout=10).json()["status"]
              == "completed", 60, "the worker did not complete the contract")
        reference = fresh_read(port, path)
        kinds = [kind for _id, kind in reference.events]
        assert kinds.count("signed") == len(signers) and "completed" in kinds, kinds
        last = reference.ids[-1]
        _wait(lambda: all(v.ids and v.ids[-1] >= last for v in audience.viewers), 15,
              lambda: f"{sum(1 for v in audience.viewers if not v.ids or v.ids[-1] < last)} streams behind event {last}; "
                      f"clients that crashed: {audience.crashed()[:3]}")
        wrong = [i for i, v in enumerate(audience.viewers) if v.ids != reference.ids]
        assert not wrong, (f"{len(wrong)} of {STREAMS} streams differ from the fresh read ({len(reference.ids)} events); "
                           f"the first: {audience.viewers[wrong[0]].ids}")
    print(f"{STREAMS} streams, {len(signers)} signers, {len(reference.ids)} events each, "
          f"reconnects {sum(v.reconnects for v in audience.viewers)}, {time.monotonic() - started:.1f}s")
