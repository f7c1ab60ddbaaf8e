"""The big screen's event stream on an event loop: an open screen costs a socket and a queue, never a thread.

The production server (`asgi:app`, backend/web/asgi.py) answers `GET /screen/{token}/events` here and
every other request through Flask. The request is checked by the same code as Flask's route
(stream.opening, in a request context built from the same environ); when the check refuses, Flask
answers instead, so errors, their bodies and their logs are exactly those of every other route.
"""
import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from a2wsgi.wsgi import Body, build_environ
from flask import Flask
from starlette.responses import StreamingResponse

from backend.core.database import read_only
from backend.core.errors import AppError
from backend.core.live import hub, signals
from backend.core.live.feeds import Feeds, Watch
from backend.core.logs import new_request_id
from backend.core.metrics import LIVE_STREAMS
from backend.web.headers import security_headers
from backend.web.screen.feed import rows_after, shown
from backend.web.screen.state import newest_id
from backend.web.screen.stream import STREAM_HEADERS, Opening, opening, timing

log = logging.getLogger("signstage.request")
ROUTE = "/screen/<token>/events"
RETRY_MS = 2000


class ScreenStreams:
    """Every big-screen stream of one process's event loop, fed by one pump per meeting."""

    def __init__(self, app: Flask):
        self.app = app
        cfg = app.config
        self._executor = ThreadPoolExecutor(max_workers=cfg["LIVE_DB_THREADS"], thread_name_prefix="live-db")
        self.feeds = Feeds(rows_after, read_only(newest_id), self._blocking, self._poll_seconds,
                           heartbeat=lambda: cfg["LIVE_HEARTBEAT_SECONDS"], gather=lambda: cfg["LIVE_GATHER_SECONDS"])
        self._listening = False

    def _poll_seconds(self) -> float:
        # Redis carries every other process's events: reading without a wake-up is only a safety net.
        cfg = self.app.config
        return cfg["LIVE_SAFETY_POLL_SECONDS"] if signals.cross_process() else cfg["LIVE_POLL_SECONDS"]

    def _in_app(self, fn, args):
        with self.app.app_context():
            return fn(*args)

    async def _blocking(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._in_app, fn, args)

    def _check(self, environ: dict, token: str) -> Opening | None:
        with self.app.request_context(environ):
            try:
                return opening(token)
            except AppError:
                return None

    async def serve(self, token: str, scope, receive, send) -> bool:
        """Stream a screen's events; False when the request is refused (Flask then answers it)."""
        loop = asyncio.get_running_loop()
        if not self._listening:
            hub.listen(self.feeds.wake_threadsafe)  # commits here and the Redis listener wake our pumps
            self._listening = True
        environ = build_environ(scope, Body(loop, receive))
        opened = await loop.run_in_executor(self._executor, self._check, environ, token)
        if opened is None:
            return False
        config = timing(self.app.config)
        started = time.perf_counter()
        watch = self.feeds.watch(opened.meeting_id, opened.after)
        LIVE_STREAMS.inc()
        headers = {**security_headers(self.app), **STREAM_HEADERS, "X-Request-ID": new_request_id(None)}
        try:
            body = self._events(watch, opened, config["lifetime"])
            response = StreamingResponse(body, media_type="text/event-stream", headers=headers)
            await response(scope, receive, send)
        finally:  # also when the client went away: Starlette cancels the response on disconnect
            watch.close()
            LIVE_STREAMS.dec()
            log.info("%s %s %s", scope["method"], ROUTE, 200,
                     extra={"method": scope["method"], "route": ROUTE, "status": 200,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
        return True

    @staticmethod
    async def _events(watch: Watch, opened: Opening, lifetime: float):
        loop = asyncio.get_running_loop()
        # Checked at each write rather than by a timer: the feed's heartbeat comes every few seconds,
        # and a timer would cancel the response mid-write.
        ends = loop.time() + lifetime
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        while loop.time() < ends:
            rows = await watch.next()
            if not rows:
                yield ": heartbeat\n\n"  # a write: a client that is gone is noticed within a heartbeat
                continue
            text = "".join(shown(row, opened.token, opened.host) for row in rows)
            if text:
                yield text
