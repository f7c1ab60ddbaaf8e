"""Announce committed audit events (and queued jobs): to this process and, with Redis, to every other one."""
import logging
import threading
from typing import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from backend.core.live.hub import hub

log = logging.getLogger("signstage.live")
CHANNEL = "signstage:live"
JOBS_CHANNEL = "signstage:jobs"
# "subscribed": the Redis listener holds a live subscription, so other processes' events arrive at once.
_state = {"installed": False, "redis": None, "listener": None, "subscribed": False}
_job_listeners: list[Callable[[], None]] = []
_lock = threading.Lock()
# session.info key: meetings with events in the open transaction, announced to live streams on commit.
ANNOUNCE = "signstage_audit_meetings"


def announce_on_commit(session, meeting_id: str) -> None:
    """Wake the meeting's live streams once the session's transaction commits (never on rollback)."""
    session.info.setdefault(ANNOUNCE, set()).add(meeting_id)


def _after_commit(session):
    for meeting_id in session.info.pop(ANNOUNCE, ()):
        announce(meeting_id)


def _after_rollback(session, previous_transaction):
    # A rolled-back event never happened; nobody needs waking. A savepoint's rollback leaves the
    # outer transaction's events pending (at worst one stray wake-up, which costs one query).
    if not getattr(previous_transaction, "nested", False):
        session.info.pop(ANNOUNCE, None)


def _publish(channel: str, message: str) -> None:
    client = _state["redis"]
    if client is not None:
        try:
            client.publish(channel, message)
        except Exception as exc:  # Redis down: other processes fall back to polling
            log.warning("live: redis publish failed: %s", exc)


def announce(meeting_id: str) -> None:
    """Wake streams of a meeting here and, when Redis is configured, in every other process."""
    hub.bump(meeting_id)
    _publish(CHANNEL, meeting_id)


def on_jobs_queued(listener: Callable[[], None]) -> None:
    """Call listener() whenever any process announces queued jobs (the job worker's wake-up)."""
    if listener not in _job_listeners:
        _job_listeners.append(listener)


def announce_jobs() -> None:
    """Wake job workers here and, with Redis, in every other process (after the jobs are committed)."""
    for listener in list(_job_listeners):
        listener()
    _publish(JOBS_CHANNEL, "1")


def cross_process() -> bool:
    """True while a Redis subscription carries other processes' announcements here."""
    return bool(_state["subscribed"])


def _listen(url: str) -> None:
    import time

    import redis
    while True:
        try:
            pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(CHANNEL, JOBS_CHANNEL)
            _state["subscribed"] = True
            for message in pubsub.listen():
                data, channel = message.get("data"), message.get("channel")
                if channel == JOBS_CHANNEL.encode():
                    for listener in list(_job_listeners):
                        listener()
                elif isinstance(data, bytes):
                    hub.bump(data.decode())
        except Exception as exc:  # keep listening; polling covers the gap
            _state["subscribed"] = False
            log.warning("live: redis subscription lost (%s); retrying", exc)
            time.sleep(2)


def install(app) -> None:
    """Hook commits once per process; start the Redis bridge when REDIS_URL is set."""
    with _lock:
        if not _state["installed"]:
            event.listen(Session, "after_commit", _after_commit)
            event.listen(Session, "after_soft_rollback", _after_rollback)
            _state["installed"] = True
        url = app.config.get("REDIS_URL")
        if not url and app.config.get("MULTI_NODE"):
            log.warning("live: REDIS_URL is not set on a deployment of several machines: screens learn of "
                        "events signed through another machine only by polling (LIVE_POLL_SECONDS)")
        if url and _state["listener"] is None:
            try:
                import redis
                _state["redis"] = redis.Redis.from_url(url)
            except Exception as exc:
                log.warning("live: cannot use REDIS_URL (%s); polling only", exc)
                return
            thread = threading.Thread(target=_listen, args=(url,), name="live-redis", daemon=True)
            thread.start()
            _state["listener"] = thread
