"""Server-Sent Events from any "what happened after id N" source, woken by the hub."""
import json
import time
from typing import Callable, Iterable, Iterator

from backend.core.live.hub import hub
from backend.core.metrics import LIVE_STREAMS

# fetch(after_id) -> [(event_id, payload or None)]; None marks an event the audience must not see.
Fetch = Callable[[int], Iterable[tuple[int, dict | None]]]


def format_event(event_id: int, payload: dict) -> str:
    """One SSE message; the id lets the browser resume right after it."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"id: {event_id}\ndata: {data}\n\n"


def sse(meeting_id: str, after_id: int, fetch: Fetch, *, heartbeat: float = 15.0, lifetime: float = 300.0,
        poll: float = 1.0, retry_ms: int = 2000, clock=time.monotonic) -> Iterator[str]:
    """Yield every event after after_id once, in order, a heartbeat comment when idle, then end.

    The stream ends itself after `lifetime` seconds so no connection (or worker thread) is held
    forever; the browser reconnects with Last-Event-ID and loses nothing.
    """
    LIVE_STREAMS.inc()
    try:
        yield from _events(meeting_id, after_id, fetch, heartbeat, lifetime, poll, retry_ms, clock)
    finally:  # also when the client went away and the server closed the generator
        LIVE_STREAMS.dec()


def _events(meeting_id, after_id, fetch, heartbeat, lifetime, poll, retry_ms, clock) -> Iterator[str]:
    started = last_beat = clock()
    cursor = after_id
    yield f"retry: {retry_ms}\n: connected\n\n"
    while True:
        seen = hub.generation(meeting_id)
        for event_id, payload in fetch(cursor):
            cursor = max(cursor, event_id)
            if payload is not None:
                yield format_event(event_id, payload)
                last_beat = clock()
        now = clock()
        if now - started >= lifetime:
            return
        if now - last_beat >= heartbeat:
            yield ": heartbeat\n\n"
            last_beat = now
        wait = min(poll, heartbeat - (now - last_beat), lifetime - (now - started))
        hub.wait(meeting_id, seen, max(wait, 0.01))
