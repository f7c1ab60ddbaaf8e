"""Wake-ups for live streams: whoever commits an audit event wakes the streams of its meeting.

The database stays the only source of truth; a wake-up only says "look again now". Within one
process a Condition wakes waiting streams at once; with REDIS_URL a pub/sub channel carries the
wake-up to every other worker; without it, streams still poll the database (the floor).
"""
from backend.core.live.hub import Hub, hub  # noqa: F401
from backend.core.live.signals import install  # noqa: F401
