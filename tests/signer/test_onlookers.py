"""Everyone in the video meeting sees every signer's QR code: an onlooker must not be able to stop a signer.

An attacker opens a signer session on someone else's scene and fails on purpose; the real signer, a
colleague behind the same address, and the host must all carry on.
"""
from datetime import timedelta

import pytest

from backend.core.extensions import db, limiter
from backend.models import AuditEvent, FailedAttempt, Meeting, OneTimeCode, Participant
from backend.services import attempts, housekeeping, otp
from tests.support import Signer

ATTACKER_ADDRESSES = ("203.0.113.7", "198.51.100.9")


def _onlooker(app, c, index, sms_messages) -> Signer:
    """A second phone on signer `index`'s scene, seen on the big screen."""
    return Signer(app.test_client(), c.phones[index].info, c.phones[index].scene, sms_messages)


def _later(seconds: int) -> None:
    """Move every code and failure back in time, as if `seconds` had passed."""
    delta = timedelta(seconds=seconds)
    for code in OneTimeCode.query.all():
        code.created_at, code.expires_at = code.created_at - delta, code.expires_at - delta
    for failure in FailedAttempt.query.all():
        failure.created_at -= delta
    db.session.commit()


def _wrong_id(info) -> str:
    return info["id_number"][:-4] + ("0000" if not info["id_number"].endswith("0000") else "1111")


def _attack(attacker: Signer, tries=50, sms=20) -> list[int]:
    """Wrong details and made-up codes, and SMS requests, alternating between two addresses."""
    statuses = []
    for i in range(sms):
        attacker.ip = ATTACKER_ADDRESSES[i % 2]
        statuses.append(attacker.post("/sms").status_code)
    for i in range(tries):
        attacker.ip = ATTACKER_ADDRESSES[i % 2]
        body = {"name": attacker.info["name"], "id_number": _wrong_id(attacker.info), "sms_code": f"{i:06d}"}
        statuses.append(attacker.post("/verify", json=body).status_code)
    return statuses


@pytest.mark.parametrize("signer_address", [ATTACKER_ADDRESSES[0], "10.1.2.3"], ids=["same-address", "other-address"])
def test_an_onlooker_attacking_a_scene_stops_nobody(app, booked, sms_messages, signer_address):
    c = booked()
    attacker = _onlooker(app, c, 0, sms_messages).login(ip=ATTACKER_ADDRESSES[0])
    statuses = _attack(attacker)
    assert set(statuses) <= {202, 422, 423, 429}, statuses  # refused, never a server error
    assert statuses.count(202) <= 1  # one code went to the real phone; the attacker never saw it
    assert 423 in statuses[20:]  # the attacker's own session is locked out of the scene
    assert attacker.post("/sms").status_code == 423

    _later(31)  # the phone's pause between two codes, whoever asked
    real = c.phones[0].login(ip=signer_address)
    res = real.verify_by_sms()
    assert res.status_code == 200, res.get_json()
    assert db.session.get(Participant, c.signers[0]["id"]).verified_at is not None

    colleague = c.phones[1].login(ip=ATTACKER_ADDRESSES[0])  # same office network as the attacker
    res = colleague.verify_by_sms()
    assert res.status_code == 200, res.get_json()


def test_a_code_dies_after_three_wrong_tries_and_guessing_is_hopeless(booked):
    assert otp.MAX_WRONG / 10 ** otp.DIGITS < 1 / 10_000  # 3 in a million per code
    a = booked().phones[0].login()
    assert a.post("/sms").status_code == 202
    code = a.last_code()
    wrongs = [w for w in ("111111", "222222", "333333", "444444") if w != code][:otp.MAX_WRONG]
    for wrong in wrongs:
        res = a.post("/verify", json={"name": a.info["name"], "id_number": a.info["id_number"], "sms_code": wrong})
        assert res.status_code == 422
    res = a.post("/verify", json={"name": a.info["name"], "id_number": a.info["id_number"], "sms_code": code})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "verification_failed"
    _later(31)
    res = a.verify_by_sms()  # a new code, to the registered phone, works
    assert res.status_code == 200, res.get_json()


def test_a_code_serves_only_the_session_that_asked_for_it(app, booked, sms_messages):
    c = booked()
    attacker = _onlooker(app, c, 0, sms_messages).login(ip=ATTACKER_ADDRESSES[0])
    real = c.phones[0].login()
    assert real.post("/sms").status_code == 202
    code = real.last_code()
    body = {"name": real.info["name"], "id_number": real.info["id_number"], "sms_code": code}
    assert attacker.post("/verify", json=body).status_code == 422  # even knowing every detail and the code
    assert real.post("/verify", json=body).status_code == 200


def test_the_phones_pause_slows_but_never_shuts_out(booked):
    a = booked().phones[0].login()
    assert a.post("/sms").status_code == 202
    res = a.post("/sms")
    assert res.status_code == 429 and res.get_json()["error"]["code"] == "sms_cooldown"
    assert 1 <= int(res.headers["Retry-After"]) <= 31
    _later(31)
    assert a.post("/sms").status_code == 202


def test_wrong_id_numbers_with_the_right_phone_slow_the_holder_down_and_never_lock(booked):
    a = booked().phones[0].login()
    for i in range(attempts.PHONE_PROVEN_FREE):
        _later(31)
        assert a.post("/sms").status_code == 202
        res = a.post("/verify", json={"name": a.info["name"], "id_number": _wrong_id(a.info), "sms_code": a.last_code()})
        assert res.status_code == 422, (i, res.get_json())
    _later(31)
    assert a.post("/sms").status_code == 202
    body = {"name": a.info["name"], "id_number": a.info["id_number"], "sms_code": a.last_code()}
    res = a.post("/verify", json=body)
    assert res.status_code == 429 and res.get_json()["error"]["code"] == "verification_slowed"
    assert 1 <= int(res.headers["Retry-After"]) <= 61
    _later(61)
    assert a.post("/verify", json=body).status_code == 200  # the same code: the slowed try did not use it


@pytest.fixture
def short_streams(app):
    """Streams that end after a moment, so a test can read them to the end."""
    old = {k: app.config[k] for k in ("LIVE_STREAM_SECONDS", "LIVE_POLL_SECONDS")}
    app.config.update(LIVE_STREAM_SECONDS=0.5, LIVE_POLL_SECONDS=0.1)
    yield
    app.config.update(old)


def test_the_host_sees_failed_checks_live_and_resets_them(app, booked, client, sms_messages, short_streams):
    c = booked()
    meeting = db.session.get(Meeting, c.meeting["id"])
    screen, host_token = f"/screen/{meeting.result_token}", meeting.host_token
    host = {"X-Host-Token": host_token}
    attacker = _onlooker(app, c, 0, sms_messages).login(ip=ATTACKER_ADDRESSES[0])
    _attack(attacker, tries=6, sms=0)
    db.session.rollback()

    state = client.get(f"{screen}/state", headers=host).get_json()
    target = next(s for s in state["signers"] if s["participant_id"] == c.signers[0]["id"])
    assert target["attempts"] == {"failures": 5, "retry_after": 0}
    public = client.get(f"{screen}/state").get_json()
    assert all("attempts" not in s for s in public["signers"])  # the shared screen shows no attempts

    stream = client.get(f"{screen}/events?host={host_token}&last_event_id=0")
    kinds = [line for line in stream.get_data(as_text=True).splitlines() if '"verification_failed"' in line]
    assert len(kinds) == 5
    public_stream = client.get(f"{screen}/events?last_event_id=0").get_data(as_text=True)
    assert "verification_failed" not in public_stream

    assert client.post(f"{screen}/signers/{c.signers[0]['id']}/reset-attempts").status_code == 403
    res = client.post(f"{screen}/signers/{c.signers[0]['id']}/reset-attempts", headers=host)
    assert res.status_code == 200
    target = next(s for s in res.get_json()["signers"] if s["participant_id"] == c.signers[0]["id"])
    assert target["attempts"] == {"failures": 0, "retry_after": 0}
    assert AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="limits_reset").count() == 1


def test_old_codes_and_failures_are_purged(booked):
    a = booked().phones[0].login()
    a.post("/sms")
    a.post("/verify", json={"name": "错", "id_number": a.info["id_number"], "sms_code": "000000"})
    assert OneTimeCode.query.count() == 1 and FailedAttempt.query.count() == 1
    assert housekeeping.purge() == {"codes": 0, "attempts": 0, "sessions": 0}
    _later(3 * 24 * 3600)
    gone = housekeeping.purge()
    assert gone["codes"] == 1 and gone["attempts"] == 1
    assert OneTimeCode.query.count() == 0 and FailedAttempt.query.count() == 0


@pytest.fixture
def proxied(app):
    """The same deployment behind one reverse proxy (TRUSTED_PROXIES=1), on the same database."""
    from backend.app import create_app

    keys = ("DATA_DIR", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SMS_BACKEND", "SMS_FILE_PATH", "PUBLIC_BASE_URL")
    other = create_app({**{k: app.config[k] for k in keys}, "TESTING": True, "RUN_WORKER": False,
                        "TRUSTED_PROXIES": 1})
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def _via_proxy(client, path, forwarded_for, **kw):
    return client.post(path, environ_base={"REMOTE_ADDR": "10.0.0.254"},
                       headers={"X-Forwarded-For": forwarded_for, **kw.pop("headers", {})}, **kw)


def test_behind_a_proxy_limits_bind_to_the_forwarded_client_address(app, proxied, monkeypatch):
    for config in (app.config, proxied.application.config):
        monkeypatch.setitem(config, "SIGNER_LOGIN_RATE_LIMIT", "30 per minute")
    login = {"json": {"channel": "h5"}}
    statuses = [_via_proxy(proxied, "/api/signer/login", "192.0.2.1", **login).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert _via_proxy(proxied, "/api/signer/login", "192.0.2.2", **login).status_code == 200  # another client
    # Without TRUSTED_PROXIES the header is anyone's to write: changing it escapes nothing.
    limiter.reset()
    direct = app.test_client()
    statuses = [_via_proxy(direct, "/api/signer/login", f"192.0.2.{i}", **login).status_code for i in range(31)]
    assert statuses[30] == 429


def test_behind_a_proxy_the_audit_trail_records_the_forwarded_address(booked, proxied):
    c = booked()
    db.session.commit()  # the other app has an engine of its own: on SQLite it must not wait for this one
    token = _via_proxy(proxied, "/api/signer/login", "192.0.2.77", json={"channel": "h5"}).get_json()["token"]
    _via_proxy(proxied, f"/api/signer/scenes/{c.phones[0].scene}/verify", "192.0.2.77",
               headers={"Authorization": f"Bearer {token}"},
               json={"name": "错", "id_number": c.phones[0].info["id_number"], "sms_code": "000000"})
    event = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="verification_failed").one()
    assert event.ip == "192.0.2.77"
