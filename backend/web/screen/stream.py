"""The live event stream of a screen: Server-Sent Events that resume from Last-Event-ID."""
import re

from flask import Response, current_app, request, stream_with_context

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
        raise ValidationFailed("Last-Event-ID 应为非负整数 (non-negative integer)",
                               fields={"last_event_id": ["integer"]})
    return int(raw)


@blp.get("/<token>/events")
@blp.doc(responses=SSE_RESPONSE, parameters=[{"in": "header", "name": "Last-Event-ID", "schema": EVENT_ID},
                                              {"in": "query", "name": "last_event_id", "schema": EVENT_ID},
                                              {"in": "query", "name": "host", "schema": {"type": "string"},
                                               "description": "the host token: adds failed checks and resets"}])
@read_only
def events(token):
    """Every public event after Last-Event-ID (or ?last_event_id=), then live ones; ends after a while."""
    meeting = meeting_for(token)
    meeting_id, host = meeting.id, is_host(meeting, request.headers.get("X-Host-Token") or request.args.get("host"))
    after = _resume_from()  # read_only ends this view's transaction; each poll of the stream opens its own
    cfg = current_app.config
    body = sse(meeting_id, after, lambda cursor: fetch(meeting_id, token, cursor, host),
               heartbeat=float(cfg.get("LIVE_HEARTBEAT_SECONDS", 15)),
               lifetime=float(cfg.get("LIVE_STREAM_SECONDS", 300)),
               poll=float(cfg.get("LIVE_POLL_SECONDS", 1.0)))
    return Response(stream_with_context(body), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
