"""Notices that carry what people need: the host's link, the video meeting, and one reminder before the start."""
from datetime import timedelta

import pytest

from backend.core.extensions import db
from backend.models import Meeting, Notification, Participant
from tests.support import add_document_with_controls, iso, make_pdf

VIDEO = "https://meeting.tencent.com/dm/AbCdEf123456"
BASE = "http://signstage.test"


def _follow(client, short: str) -> str:
    res = client.get(short.removeprefix(BASE))
    assert res.status_code == 302, short
    return res.headers["Location"]


def _book(c, **patch):
    if patch:
        assert c.api.patch(f"/api/meetings/{c.meeting['id']}", json=patch).status_code == 200
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def test_the_hosts_booking_sms_carries_the_host_link(ceremony, sms_messages, client):
    c = ceremony(signers_per_enterprise=1)
    booked = _book(c)
    [host] = [m for m in sms_messages() if m["template"] == "meeting_host"]
    assert "共享屏幕" in host["text"] and host["text"].endswith(host["params"]["short_link"])
    assert _follow(client, host["params"]["short_link"]) == booked["host_url"]
    assert "?host=" in booked["host_url"]
    # No video link on the meeting: no video kind, no second link.
    assert not any(m["template"].endswith("_video") or "视频会议" in m["text"] for m in sms_messages())


def test_every_notice_carries_the_video_link_when_the_meeting_has_one(ceremony, sms_messages, client):
    c = ceremony(signers_per_enterprise=1)
    c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "observer", "name": "嘉宾", "phone": "13600000000", "enterprise_name": "观礼单位"})
    booked = _book(c, video_url=VIDEO)
    mid = c.meeting["id"]
    assert c.api.patch(f"/api/meetings/{mid}", json={"name": "战略合作签约仪式（更新）"}).status_code == 200
    sent = sms_messages()
    kinds = sorted(m["template"] for m in sent)
    assert kinds == ["meeting_changed_video"] * 4 + ["meeting_host_video", "meeting_observer_video"] + \
        ["meeting_signer_video"] * 2
    for m in sent:
        # The video link is one of our short links (Tencent allows no URL in a variable), last in the text.
        assert m["text"].endswith("视频会议：" + m["params"]["video_link"])
        assert _follow(client, m["params"]["video_link"]) == VIDEO
        assert len(m["params"]["video_code"]) == 8 and m["params"]["video_code"].isalnum()
    host = next(m for m in sent if m["template"] == "meeting_host_video")
    assert _follow(client, host["params"]["short_link"]) == booked["host_url"]
    # The message log names each kind.
    log = c.api.get(f"/api/meetings/{mid}/notifications").get_json()
    assert sorted(n["template"] for n in log) == kinds and {n["status"] for n in log} == {"sent"}


def test_an_english_hosts_notices_carry_the_video_link_in_english(ceremony, sms_messages, client):
    c = ceremony(signers_per_enterprise=1)
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}/participants/{c.host['id']}", json={"language": "en"})
    assert res.status_code == 200, res.get_json()
    booked = _book(c, video_url=VIDEO)
    [host] = [m for m in sms_messages() if m["template"].startswith("meeting_host")]
    assert host["template"] == "meeting_host_video@en"
    assert "share your screen: " + host["params"]["short_link"] + " Video meeting: " in host["text"]
    assert host["text"].endswith("Video meeting: " + host["params"]["video_link"])
    assert _follow(client, host["params"]["short_link"]) == booked["host_url"]
    assert _follow(client, host["params"]["video_link"]) == VIDEO
    signers = [m for m in sms_messages() if m["template"].startswith("meeting_signer")]
    assert {m["template"] for m in signers} == {"meeting_signer_video"}  # the others still read Chinese


def test_cancelling_sends_no_video_link(ceremony, sms_messages):
    c = ceremony(signers_per_enterprise=1)
    _book(c, video_url=VIDEO)
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
    cancelled = [m for m in sms_messages() if m["template"].startswith("meeting_cancelled")]
    assert len(cancelled) == 3 and {m["template"] for m in cancelled} == {"meeting_cancelled"}


@pytest.mark.parametrize("url", ["http://meeting.tencent.com/dm/x", "meeting.tencent.com/dm/x", "https://localhost/x",
                                 "https://meeting.tencent.com@evil.example/x", "https://a.example/ x",
                                 "javascript:alert(1)", "https://" + "a" * 490 + ".com", ""])
def test_the_video_link_must_be_an_https_url(ceremony, url):
    c = ceremony(signers_per_enterprise=1)
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"video_url": url})
    assert res.status_code == 422 and "video_url" in res.get_json()["error"]["fields"], res.get_json()
    created = c.api.post("/api/meetings", json={"name": "会", "starts_at": iso(timedelta(hours=3)),
                                                "ends_at": iso(timedelta(hours=4)), "video_url": url})
    assert created.status_code == 422 and "video_url" in created.get_json()["error"]["fields"]


def test_the_video_link_is_stored_shown_and_cleared(ceremony):
    c = ceremony(signers_per_enterprise=1)
    mid = c.meeting["id"]
    created = c.api.post("/api/meetings", json={"name": "会", "starts_at": iso(timedelta(hours=3)),
                                                "ends_at": iso(timedelta(hours=4)), "video_url": VIDEO}).get_json()
    assert created["video_url"] == VIDEO
    assert c.api.patch(f"/api/meetings/{mid}", json={"video_url": VIDEO}).get_json()["video_url"] == VIDEO
    assert c.api.get(f"/api/meetings/{mid}").get_json()["video_url"] == VIDEO
    assert {m["id"]: m["video_url"] for m in c.api.get("/api/meetings").get_json()}[mid] == VIDEO
    assert c.api.patch(f"/api/meetings/{mid}", json={"name": "改名"}).get_json()["video_url"] == VIDEO  # kept
    assert c.api.patch(f"/api/meetings/{mid}", json={"video_url": None}).get_json()["video_url"] is None


def test_signers_see_the_video_link_and_only_the_host_screen_shows_it(booked):
    c = booked()
    mid = c.meeting["id"]
    assert c.api.patch(f"/api/meetings/{mid}", json={"video_url": VIDEO}).status_code == 200
    phone = c.phones[0].login()
    assert phone.get().get_json()["meeting"]["video_url"] == VIDEO
    token = c.result_url.rsplit("/", 1)[-1]
    host_token = db.session.get(Meeting, mid).host_token
    screen = phone.client.get(f"/screen/{token}/state").get_json()
    assert screen["meeting"]["video_url"] is None  # anyone with the result link: not the meeting's way in
    hosted = phone.client.get(f"/screen/{token}/state", headers={"X-Host-Token": host_token}).get_json()
    assert hosted["meeting"]["video_url"] == VIDEO


# Reminders ---------------------------------------------------------------------------------------------------------

def _reminders(sms_messages):
    return [m for m in sms_messages() if m["template"].startswith("reminder")]


def _remind(now) -> int:
    """What the worker's tick does at `now`: queue the due reminders, then send them."""
    from backend.services import outbox, reminders
    queued = reminders.send_due(now)
    outbox.deliver_due(now)
    return queued


def test_the_reminder_fires_once_at_the_configured_time(ceremony, sms_messages, client, app, monkeypatch):
    """Through the worker's own tick, its clock injected: nothing before the time, one each at it, none after."""
    from backend.services import housekeeping, jobs, reminders

    monkeypatch.setitem(app.config, "REMINDER_MINUTES_BEFORE", 45)
    c = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=3))
    _book(c)
    meeting = db.session.get(Meeting, c.meeting["id"])
    starts = meeting.starts_at
    clock = [starts - timedelta(minutes=46)]
    monkeypatch.setattr(reminders, "utcnow", lambda: clock[0])
    monkeypatch.setattr(housekeeping, "_last_run", [float("inf")])  # this test is about reminders, not the purge

    jobs.tick()
    assert _reminders(sms_messages) == []
    clock[0] = starts - timedelta(minutes=45)
    jobs.tick()
    first = _reminders(sms_messages)
    assert sorted(m["template"] for m in first) == ["reminder", "reminder", "reminder_host"]
    for _ in range(3):
        clock[0] += timedelta(minutes=5)
        jobs.tick()
    assert len(_reminders(sms_messages)) == 3  # once each
    signer = next(m for m in first if m["template"] == "reminder")
    assert "将于" in signer["text"] and _follow(client, signer["params"]["short_link"]).startswith(f"{BASE}/h5/s/")
    host = next(m for m in first if m["template"] == "reminder_host")
    assert "?host=" in _follow(client, host["params"]["short_link"])
    log = c.api.get(f"/api/meetings/{c.meeting['id']}/notifications").get_json()
    assert sorted(n["template"] for n in log if n["template"].startswith("reminder")) == \
        ["reminder", "reminder", "reminder_host"]
    assert all(p.reminded_at == starts - timedelta(minutes=45)
               for p in Participant.query.filter(Participant.role.in_(("signer", "host"))))


def test_reminders_carry_the_video_link_and_skip_observers_and_finished_signers(booked, sms_messages, app,
                                                                              monkeypatch):

    monkeypatch.setitem(app.config, "REMINDER_MINUTES_BEFORE", 5)  # signing is open by then
    c = booked(starts_in=timedelta(minutes=20))
    mid = c.meeting["id"]
    c.api.patch(f"/api/meetings/{mid}", json={"video_url": VIDEO})
    c.api.post(f"/api/meetings/{mid}/participants", json={
        "role": "observer", "name": "嘉宾", "phone": "13600000000", "enterprise_name": "观礼单位"})
    c.phones[0].login().verify_by_sms()
    assert c.phones[0].sign().status_code == 200
    db.session.remove()
    starts = db.session.get(Meeting, mid).starts_at
    assert _remind(starts - timedelta(minutes=4)) == 2  # the other signer and the host
    sent = _reminders(sms_messages)
    assert sorted(m["template"] for m in sent) == ["reminder_host_video", "reminder_video"]
    assert all(m["text"].endswith("视频会议：" + m["params"]["video_link"]) for m in sent)
    assert c.phones[0].info["phone"] not in {m["to"] for m in sent}


def test_no_reminder_when_booked_late_cancelled_started_or_turned_off(ceremony, sms_messages, app, monkeypatch):

    late = ceremony(signers_per_enterprise=1, starts_in=timedelta(minutes=20))  # booked inside the 30 minutes
    _book(late)
    cancelled = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=2))
    _book(cancelled)
    cancelled.api.post(f"/api/meetings/{cancelled.meeting['id']}/cancel")
    draft = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=2))
    add_document_with_controls(draft, make_pdf())
    db.session.remove()
    for c in (late, cancelled, draft):
        starts = db.session.get(Meeting, c.meeting["id"]).starts_at
        assert _remind(starts - timedelta(minutes=10)) == 0
        assert _remind(starts + timedelta(minutes=1)) == 0  # begun: too late to remind
    on_time = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=2))
    _book(on_time)
    starts = db.session.get(Meeting, on_time.meeting["id"]).starts_at
    monkeypatch.setitem(app.config, "REMINDER_MINUTES_BEFORE", 0)
    assert _remind(starts - timedelta(minutes=1)) == 0
    assert _reminders(sms_messages) == []
    monkeypatch.setitem(app.config, "REMINDER_MINUTES_BEFORE", 30)
    assert _remind(starts - timedelta(minutes=1)) == 3


def test_moving_the_start_later_earns_a_new_reminder(ceremony, sms_messages):

    c = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=2))
    _book(c)
    mid = c.meeting["id"]
    starts = db.session.get(Meeting, mid).starts_at
    assert _remind(starts - timedelta(minutes=30)) == 3
    assert _remind(starts - timedelta(minutes=29)) == 0
    assert c.api.patch(f"/api/meetings/{mid}", json={"starts_at": iso(timedelta(hours=5)),
                                                     "ends_at": iso(timedelta(hours=6))}).status_code == 200
    db.session.remove()
    moved = db.session.get(Meeting, mid).starts_at
    assert _remind(moved - timedelta(minutes=30)) == 3
    assert len(_reminders(sms_messages)) == 6


def test_two_workers_remind_once(ceremony, sms_messages):
    """The claim is a conditional UPDATE: a worker that read the same due list sends nothing twice."""
    from backend.services import reminders

    c = ceremony(signers_per_enterprise=1, starts_in=timedelta(hours=2))
    _book(c)
    starts = db.session.get(Meeting, c.meeting["id"]).starts_at
    now = starts - timedelta(minutes=20)
    stale = reminders._due(now, reminders.lead_time())  # what a second worker read before the first sent
    db.session.rollback()
    assert _remind(now) == 3
    original = reminders._due
    try:
        reminders._due = lambda *_: stale
        assert _remind(now) == 0
    finally:
        reminders._due = original
    assert Notification.query.filter(Notification.template.like("reminder%")).count() == 3
