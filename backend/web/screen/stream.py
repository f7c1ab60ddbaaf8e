"""The live event stream of a screen: Server-Sent Events that resume from Last-Event-ID."""
from flask import Response, current_app, request, stream_with_context

from backend.core.database import read_only
from backend.core.errors import ValidationFailed
from backend.core.live.stream import sse
from backend.web.responses import SSE_RESPONSE
from backend.web.screen import blp
from backend.web.screen.access import meeting_for
from backend.web.screen.feed import fetch


def _resume_from() -> int:
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id") or "0"
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 18:
        raise ValidationFailed("Last-Event-ID 应为非负整数 (non-negative integer)",
                               fields={"last_event_id": ["integer"]})
    return int(raw)


@blp.get("/<token>/events")
@blp.doc(responses=SSE_RESPONSE, parameters=[{"in": "header", "name": "Last-Event-ID", "schema": {"type": "string"}},
                                              {"in": "query", "name": "last_event_id", "schema": {"type": "string"}}])
@read_only
def events(token):
    """Every public event after Last-Event-ID (or ?last_event_id=), then live ones; ends after a while."""
    meeting_id = meeting_for(token).id
    after = _resume_from()  # read_only ends this view's transaction; each poll of the stream opens its own
    cfg = current_app.config
    body = sse(meeting_id, after, lambda cursor: fetch(meeting_id, token, cursor),
               heartbeat=float(cfg.get("LIVE_HEARTBEAT_SECONDS", 15)),
               lifetime=float(cfg.get("LIVE_STREAM_SECONDS", 300)),
               poll=float(cfg.get("LIVE_POLL_SECONDS", 1.0)))
    return Response(stream_with_context(body), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
