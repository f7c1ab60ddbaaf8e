"""Wake-ups: the hub wakes waiters, commits announce their meeting's events, rollbacks do not."""
import threading
import time

from backend.core.live import signals
from backend.core.live.hub import Hub
from backend.core.live.hub import hub as shared_hub
from backend.core.live.stream import sse


def test_hub_wakes_a_waiter_and_times_out_otherwise():
    hub = Hub()
    seen = hub.generation("m1")
    assert hub.wait("m1", seen, 0.05) is False
    threading.Timer(0.05, hub.bump, args=("m1",)).start()
    started = time.monotonic()
    assert hub.wait("m1", seen, 5) is True and time.monotonic() - started < 1
    hub.bump("m2")  # another meeting's event does not count for m1
    assert hub.wait("m1", hub.generation("m1"), 0.05) is False


def test_commit_announces_and_rollback_does_not(app, booked, monkeypatch):
    from backend.core.extensions import db
    from backend.services import audit

    announced = []
    monkeypatch.setattr(signals, "announce", announced.append)
    audit.record(booked.meeting_id, "test_event", {})
    db.session.rollback()
    assert announced == []
    audit.record(booked.meeting_id, "test_event", {})
    db.session.commit()
    assert announced == [booked.meeting_id]


def test_announce_publishes_to_redis_when_configured(monkeypatch):
    published = []

    class FakeRedis:
        def publish(self, channel, message):
            published.append((channel, message))

    monkeypatch.setitem(signals._state, "redis", FakeRedis())
    before = shared_hub.generation("m9")
    signals.announce("m9")
    assert published == [(signals.CHANNEL, "m9")]
    assert shared_hub.generation("m9") == before + 1


def test_stream_ends_by_itself_and_skips_private_events():
    batches = iter([[(5, {"kind": "a"}), (6, None), (7, {"kind": "b"})]])
    seen_cursors = []

    def fetch(cursor):
        seen_cursors.append(cursor)
        return next(batches, [])

    out = "".join(sse("m", 4, fetch, heartbeat=10, lifetime=0.2, poll=0.05))
    assert out.startswith("retry: 2000")
    assert "id: 5\n" in out and "id: 7\n" in out and "id: 6" not in out
    assert seen_cursors[0] == 4 and seen_cursors[-1] == 7
