"""The live stream: ids on every event, resume with nothing lost or repeated, heartbeats, wake-ups."""
import json
import threading
import time

import pytest

from tests.screen.helpers import sign_directly


@pytest.fixture
def short_streams(app):
    """Streams that end after a moment, so a test can read them to the end."""
    old = {k: app.config.get(k) for k in ("LIVE_STREAM_SECONDS", "LIVE_HEARTBEAT_SECONDS", "LIVE_POLL_SECONDS")}
    app.config.update(LIVE_STREAM_SECONDS=0.6, LIVE_HEARTBEAT_SECONDS=15, LIVE_POLL_SECONDS=0.1)
    yield app.config
    app.config.update(old)


def parse(text: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """Split an SSE body into (id, data) messages and comment lines."""
    messages, comments = [], []
    for block in text.split("\n\n"):
        fields = {}
        for line in block.splitlines():
            if line.startswith(":"):
                comments.append(line[1:].strip())
            elif ": " in line:
                name, value = line.split(": ", 1)
                fields[name] = value
        if "data" in fields:
            messages.append((int(fields["id"]), json.loads(fields["data"])))
    return messages, comments


def read_stream(client, url, **headers) -> tuple[list[tuple[int, dict]], list[str]]:
    res = client.get(url, headers=headers)
    assert res.status_code == 200 and res.mimetype == "text/event-stream"
    return parse(res.get_data(as_text=True))


def test_resume_delivers_exactly_the_missed_events(client, booked, short_streams):
    start = client.get(f"{booked.screen}/state").get_json()["last_event_id"]
    # The screen's connection drops here; one signer signs meanwhile.
    sign_directly(booked.signers[0]["id"])
    messages, _ = read_stream(client, f"{booked.screen}/events", **{"Last-Event-ID": str(start)})
    assert [m["kind"] for _, m in messages] == ["signed"]
    (first_id, signed), = messages
    assert signed["participant_id"] == booked.signers[0]["id"] and first_id > start
    assert {m["kind"] for m in signed["marks"]} == {"seal", "signature", "date"}
    # Reconnecting from that id: nothing repeated; the next signature arrives once.
    assert read_stream(client, f"{booked.screen}/events", **{"Last-Event-ID": str(first_id)})[0] == []
    sign_directly(booked.signers[1]["id"])
    again, _ = read_stream(client, f"{booked.screen}/events?last_event_id={first_id}")
    assert [(m["kind"], m["participant_id"]) for _, m in again] == [("signed", booked.signers[1]["id"])]
    assert again[0][0] > first_id


def test_stream_from_zero_hides_private_events(client, booked, short_streams):
    messages, comments = read_stream(client, f"{booked.screen}/events")
    text = json.dumps([m for _, m in messages], ensure_ascii=False)
    assert "connected" in comments
    ids = [i for i, _ in messages]
    assert ids == sorted(set(ids))
    for staff in booked.c.staff.values():
        for emp in staff:
            assert emp["phone"] not in text and emp["id_number"] not in text
    assert "participant_added" not in text and "meeting_booked" not in text


def test_heartbeat_when_idle(client, booked, app):
    app.config.update(LIVE_STREAM_SECONDS=0.9, LIVE_HEARTBEAT_SECONDS=0.3, LIVE_POLL_SECONDS=0.1)
    try:
        start = client.get(f"{booked.screen}/state").get_json()["last_event_id"]
        messages, comments = read_stream(client, f"{booked.screen}/events?last_event_id={start}")
    finally:
        app.config.update(LIVE_STREAM_SECONDS=300, LIVE_HEARTBEAT_SECONDS=15, LIVE_POLL_SECONDS=1.0)
    assert messages == [] and comments.count("heartbeat") >= 2


def test_commit_wakes_a_waiting_stream_at_once(client, booked, app):
    app.config.update(LIVE_STREAM_SECONDS=3, LIVE_POLL_SECONDS=30)  # polling alone would be far too slow
    start = client.get(f"{booked.screen}/state").get_json()["last_event_id"]
    got = {}

    def listen():
        res = client.get(f"{booked.screen}/events?last_event_id={start}", buffered=False)
        for chunk in res.response:
            chunk = chunk.decode() if isinstance(chunk, bytes) else chunk
            if "data:" in chunk:
                got["at"] = time.monotonic()
                res.close()
                return

    try:
        thread = threading.Thread(target=listen)
        thread.start()
        time.sleep(0.5)
        signed_at = time.monotonic()
        sign_directly(booked.signers[0]["id"])
        thread.join(timeout=5)
    finally:
        app.config.update(LIVE_STREAM_SECONDS=300, LIVE_POLL_SECONDS=1.0)
    assert "at" in got and got["at"] - signed_at < 1.0


@pytest.mark.parametrize("value", ["abc", "-1", "1" * 30, "1.5"])
def test_bad_last_event_id_is_422(client, booked, value):
    res = client.get(f"{booked.screen}/events", headers={"Last-Event-ID": value})
    assert res.status_code == 422 and res.get_json()["error"]["fields"]["last_event_id"]


def test_no_transaction_is_held_between_polls(client, booked, short_streams):
    """While a stream idles, another connection can write (SQLite: no lingering write lock)."""
    from backend.core.extensions import db
    from backend.models import Meeting

    res = client.get(f"{booked.screen}/events?last_event_id=999999999", buffered=False)
    chunks = iter(res.response)
    next(chunks)  # the stream is open and has polled once
    engine = db.engine
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT") if engine.dialect.name != "sqlite" else conn
        started = time.monotonic()
        conn.exec_driver_sql("UPDATE meeting SET name = name WHERE id = ?" if engine.dialect.name == "sqlite"
                             else "UPDATE meeting SET name = name WHERE id = %s", (booked.meeting_id,))
        conn.commit()
        assert time.monotonic() - started < 2
    res.close()
    assert db.session.get(Meeting, booked.meeting_id)
