"""A real webhook receiver on 127.0.0.1, the private-targets setting, a clock the tests move, and a DNS they answer."""
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from backend.models.base import utcnow


class Receiver:
    """An HTTP server in a thread that keeps every request; answers the statuses queued in `answers`, then 200."""

    def __init__(self):
        self.received: list[dict] = []
        self.answers: list[int] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.received.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
                    status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"thanks" if status < 300 else b"boom: receiver is down")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="webhook-receiver", daemon=True)

    def at(self, path: str) -> list[dict]:
        """The requests that came to one path."""
        return [r for r in self.received if r["path"] == path]


@pytest.fixture
def receiver():
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()
    r.thread.join(timeout=5)


@pytest.fixture
def allow_private(app, monkeypatch):
    """WEBHOOK_ALLOW_PRIVATE=1, as an on-premises deployment (and these tests' local receiver) needs."""
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)


class Clock:
    """The deliveries' idea of now: the real time plus however far the test has moved it on."""

    def __init__(self):
        self.offset = timedelta(0)

    def __call__(self):
        return utcnow() + self.offset

    @property
    def now(self):
        return self()

    def advance(self, **kwargs) -> None:
        self.offset += timedelta(**kwargs)

    def to(self, when) -> None:
        """Move on to when (never back)."""
        self.offset = max(self.offset, when - utcnow())


@pytest.fixture
def clock(monkeypatch):
    """Control the time the webhook sender sees (the worker's tick calls it with no time of its own)."""
    c = Clock()
    monkeypatch.setattr("backend.services.webhook_deliveries.utcnow", c)
    return c


class Dns:
    """The answers the webhook sender's DNS lookups get: answers["host"] = ["addr", ...]; lookups: every question."""

    def __init__(self):
        self.answers: dict[str, list[str]] = {}
        self.lookups: list[str] = []

    def getaddrinfo(self, host, port, *_args, **_kwargs):
        import socket

        self.lookups.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port))
                for a in self.answers[host]]


@pytest.fixture
def dns(monkeypatch):
    """Replace the webhook sender's DNS (only its own lookups) with answers the test gives."""
    d = Dns()
    monkeypatch.setattr("backend.lib.webhooks.targets.getaddrinfo", d.getaddrinfo)
    return d


def subscribe(admin, url: str, events: list[str]) -> dict:
    """Subscribe through the API; returns the answer (with its secret)."""
    res = admin.post("/api/webhooks", json={"url": url, "events": events})
    assert res.status_code == 201, res.get_json()
    return res.get_json()
