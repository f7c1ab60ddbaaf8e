"""The production server's app: big-screen streams on the event loop, everything else through Flask.

`gunicorn -c gunicorn.conf.py asgi:app` runs it in uvicorn workers. Ordinary requests run in a
thread pool (a2wsgi), as under gunicorn's threaded worker, so the request-handling code is the same
code everywhere; only the event streams, which are long and mostly idle, live on the loop.
"""
import re

from a2wsgi import WSGIMiddleware
from flask import Flask

from backend.web.screen.live import ScreenStreams

EVENTS = re.compile(r"^/screen/([^/]+)/events$")


class SignstageAsgi:
    """ASGI app: `GET|HEAD /screen/{token}/events` streams from the loop; the rest goes to the WSGI app."""

    def __init__(self, app: Flask, *, threads: int = 8):
        self.flask = app
        self.wsgi = WSGIMiddleware(app, workers=threads)
        self.screens = ScreenStreams(app)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            match = EVENTS.match(scope["path"])
            if match and await self.screens.serve(match.group(1), scope, receive, send):
                return
        await self.wsgi(scope, receive, send)
