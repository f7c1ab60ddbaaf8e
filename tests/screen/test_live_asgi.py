"""The production server's streams (asgi:app under uvicorn): prompt, complete, fanned out, released.

A real uvicorn server on a loopback port in this process, with real HTTP clients; the database
polling floor is set to a minute, so every event that arrives in time was carried by a wake-up.
"""
import asyncio
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import uvicorn

from backend.core.metrics import LIVE_STREAMS
from backend.web.asgi import SignstageAsgi
from tests.screen.helpers import sign_directly


@pytest.fixture
def asgi_server(app):
    """asgi:app's composition served by uvicorn in a thread; yields (base URL, the ASGI app)."""
    old = {k: app.config[k] for k in ("LIVE_POLL_SECONDS", "LIVE_HEARTBEAT_SECONDS", "LIVE_STREAM_SECONDS")}
    app.config.update(LIVE_POLL_SECONDS=60, LIVE_HEARTBEAT_SECONDS=0.5, LIVE_STREAM_SECONDS=60)
    asgi = SignstageAsgi(app, threads=4)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on", loop="asyncio"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    yield f"http://127.0.0.1:{port}", asgi
    server.should_exit = True
    thread.join(10)
    app.config.update(old)


class Reader:
    """One raw HTTP/1.1 stream connection, read in a thread: the (id, data) messages and comments as they come."""

    def __init__(self, url: str, **headers):
        host, _, path = url.removeprefix("http://").partition("/")
        name, port = host.split(":")
        self.sock = socket.create_connection((name, int(port)), timeout=30)
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.sock.sendall(f"GET /{path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())
        self.file = self.sock.makefile("rb")
        self.status = int(self.file.readline().split()[1])
        self.headers = {}
        while (line := self.file.readline().decode().strip()):
            key, value = line.split(":", 1)
            self.headers[key.strip().lower()] = value.strip()
        self.messages: list[tuple[int, dict, float]] = []
        self.comments: list[str] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        fields = {}
        try:
            for raw in self.file:  # chunk-size lines are not "name: value" lines, so they fall through
                line = raw.decode().rstrip("\r\n")
                if line.startswith(":"):
                    self.comments.append(line[1:].strip())
                elif line == "":
                    if "data" in fields:
                        self.messages.append((int(fields["id"]), json.loads(fields["data"]), time.monotonic()))
                    fields = {}
                elif ": " in line:
                    name, value = line.split(": ", 1)
                    fields[name] = value
        except (OSError, ValueError):  # closed by the test
            pass

    def wait_for(self, count: int, timeout: float = 5) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.messages

    def close(self):
        self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


def _start_id(base, booked) -> int:
    return requests.get(f"{base}{booked.screen}/state", timeout=10).json()["last_event_id"]


def test_a_signature_reaches_every_stream_at_once_without_polling(asgi_server, booked, app):
    base, asgi = asgi_server
    start = _start_id(base, booked)
    readers = [Reader(f"{base}{booked.screen}/events?last_event_id={start}") for _ in range(20)]
    time.sleep(0.3)
    reads = []
    original = asgi.screens.feeds.read
    asgi.screens.feeds.read = lambda *a: reads.append(a) or original(*a)
    signed_at = time.monotonic()
    sign_directly(booked.signers[0]["id"])  # commits: the in-process hub wakes the meeting's one pump
    for reader in readers:
        (event_id, event, arrived), = reader.wait_for(1)
        assert event["kind"] == "signed" and event["participant_id"] == booked.signers[0]["id"]
        assert event_id > start and arrived - signed_at < 1.0  # the polling floor is 60 s
    # One database read for twenty streams: the meeting's feed read once and handed the rows to all.
    assert len(reads) == 1
    for reader in readers:
        reader.close()


def test_resume_across_the_history_and_live_boundary_delivers_each_event_once(asgi_server, booked):
    base, _ = asgi_server
    start = _start_id(base, booked)
    live = Reader(f"{base}{booked.screen}/events?last_event_id={start}")
    time.sleep(0.2)
    sign_directly(booked.signers[0]["id"])
    first_id = live.wait_for(1)[0][0]
    # A screen that saw nothing joins after the first event, resuming from before it; then another event.
    late = Reader(f"{base}{booked.screen}/events", **{"Last-Event-ID": str(start)})
    time.sleep(0.2)
    sign_directly(booked.signers[1]["id"])
    for reader in (live, late):
        messages = reader.wait_for(2)
        time.sleep(0.3)  # nothing more may arrive
        assert [(m[1]["kind"], m[1]["participant_id"]) for m in reader.messages] == [
            ("signed", booked.signers[0]["id"]), ("signed", booked.signers[1]["id"])]
        assert messages[0][0] == first_id and messages[1][0] > first_id
        reader.close()


def test_heartbeats_and_headers(asgi_server, booked):
    base, _ = asgi_server
    reader = Reader(f"{base}{booked.screen}/events?last_event_id={_start_id(base, booked)}")
    time.sleep(1.3)
    headers = reader.headers
    assert reader.status == 200 and headers["content-type"].startswith("text/event-stream")
    assert headers["cache-control"] == "no-cache" and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    assert "connected" in reader.comments and reader.comments.count("heartbeat") >= 2
    reader.close()


@pytest.mark.parametrize("path, status, code", [
    ("/screen/NoSuchToken0000000000/events", 404, "screen_not_found"),
    ("/screen/{token}/events?last_event_id=-1", 422, "validation_error"),
])
def test_refusals_are_flasks_own_answers(asgi_server, booked, client, path, status, code):
    base, _ = asgi_server
    url = path.format(token=booked.result_token)
    res = requests.get(base + url, timeout=10)
    assert res.status_code == status and res.json()["error"]["code"] == code
    assert res.json() == client.get(url).get_json()  # exactly what the threaded server answers


def test_host_stream_sees_failed_checks_and_the_audience_does_not(asgi_server, booked):
    base, _ = asgi_server
    start = _start_id(base, booked)
    audience = Reader(f"{base}{booked.screen}/events?last_event_id={start}")
    host = Reader(f"{base}{booked.screen}/events?last_event_id={start}&host={booked.host_token}")
    time.sleep(0.2)
    from backend.core.extensions import db
    from backend.services import audit
    audit.record(booked.meeting_id, "verification_failed", {"participant_id": booked.signers[0]["id"]})
    db.session.commit()
    sign_directly(booked.signers[0]["id"])
    assert [m[1]["kind"] for m in host.wait_for(2)] == ["verification_failed", "signed"]
    assert [m[1]["kind"] for m in audience.wait_for(1)] == ["signed"]
    time.sleep(0.2)
    assert len(audience.messages) == 1
    audience.close()
    host.close()


def _gauge() -> float:
    return LIVE_STREAMS._value.get()


def test_clients_that_vanish_release_their_streams(asgi_server, booked):
    base, asgi = asgi_server
    before = _gauge()
    host, port = base.removeprefix("http://").split(":")
    start = _start_id(base, booked)

    async def open_streams(n):
        conns = []
        for _ in range(n):
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(f"GET {booked.screen}/events?last_event_id={start} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            await writer.drain()
            await reader.readuntil(b"connected\n\n")
            conns.append((reader, writer))
        return conns

    async def open_then_vanish():
        conns = await open_streams(30)
        opened = (_gauge(), asgi.screens.feeds.watching())
        for _, writer in conns:  # gone without a word: the sockets just close
            writer.transport.abort()
        await asyncio.sleep(0.05)  # let the loop carry out the aborts
        return opened

    # In a thread of its own: a browser test earlier in the session leaves a loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        opened = pool.submit(asyncio.run, open_then_vanish()).result()
    assert opened == (before + 30, 30)
    deadline = time.monotonic() + 5
    while _gauge() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gauge() == before and asgi.screens.feeds.watching() == 0
