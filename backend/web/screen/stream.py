"""The live event stream of a screen: Server-Sent Events that resume from Last-Event-ID."""
import re
from dataclasses import dataclass

from flask import Response, current_app, request, stream_with_context
from flask_babel import lazy_gettext as _l

from backend.core.database import read_only
from backend.core.errors import ValidationFailed
from backend.core.live.stream import sse
from backend.web.responses import SSE_RESPONSE
from backend.web.screen import blp
from backend.web.screen.access import is_host, meeting_for
from backend.web.screen.feed import fetch

BLANK = " \t\r\n"
DIGITS = re.compile(r"[0-9]{1,18}")
EVENT_ID = {"type": "string", "pattern": r"^[ \t\r\n]*[0-9]{0,18}[ \t\r\n]*$", "description": "resume after this event id"}


def _resume_from() -> int:
    # A blank value is no value: the header, then the query, then the start.
    header, query = request.headers.get("Last-Event-ID") or "", request.args.get("last_event_id") or ""
    raw = header.strip(BLANK) or query.strip(BLANK) or "0"
    if not DIGITS.fullmatch(raw):
        raise ValidationFailed(_l("Last-Event-ID 应为非负整数"),
                               fields={"last_event_id": ["integer"]})
    return int(raw)


@dataclass(frozen=True)
class Opening:
    """What a stream request asks for, checked: whose events, for which audience, after which id."""

    meeting_id: str
    token: str
    host: bool
    after: int


@read_only
def opening(token: str) -> Opening:
    """Check a stream request (in its request context): 404 for an unknown link, 422 for a bad Last-Event-ID."""
    meeting = meeting_for(token)
    host = is_host(meeting, request.headers.get("X-Host-Token") or request.args.get("host"))
    return Opening(meeting.id, token, host, _resume_from())


def timing(cfg) -> dict:
    """The stream's heartbeat, lifetime and polling floor, in seconds, from the configuration."""
    return {"heartbeat": float(cfg.get("LIVE_HEARTBEAT_SECONDS", 5)),
            "lifetime": float(cfg.get("LIVE_STREAM_SECONDS", 300)),
            "poll": float(cfg.get("LIVE_POLL_SECONDS", 1.0))}


STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@blp.get("/<token>/events")
@blp.doc(responses=SSE_RESPONSE, parameters=[{"in": "header", "name": "Last-Event-ID", "schema": EVENT_ID},
                                              {"in": "query", "name": "last_event_id", "schema": EVENT_ID},
                                              {"in": "query", "name": "host", "schema": {"type": "string"},
                                               "description": "the host token: adds failed checks and resets"}])
def events(token):
    """Every public event after Last-Event-ID (or ?last_event_id=), then live ones; ends after a while.

    Served here by a thread per stream (the embedded demo, `wsgi:app`); the production server
    (`asgi:app`) answers the same request on its event loop (backend/web/screen/live.py).
    """
    o = opening(token)  # read_only ends this transaction; each poll of the stream opens its own
    body = sse(o.meeting_id, o.after, lambda cursor: fetch(o.meeting_id, token, cursor, o.host), **timing(current_app.config))
    return Response(stream_with_context(body), mimetype="text/event-stream", headers=STREAM_HEADERS)
