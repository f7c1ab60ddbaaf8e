"""With REDIS_URL, an event committed by one worker process wakes streams in another."""
import threading
import time
import uuid

import pytest

redis = pytest.importorskip("redis")

from backend.core.live import signals  # noqa: E402
from backend.core.live.hub import hub  # noqa: E402

URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def live_redis():
    client = redis.Redis.from_url(URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


def test_a_publish_from_another_process_wakes_this_ones_streams(live_redis):
    threading.Thread(target=signals._listen, args=(URL,), daemon=True).start()
    meeting_id = f"m-{uuid.uuid4().hex[:8]}"
    seen = hub.generation(meeting_id)
    deadline, woken = time.monotonic() + 5, False
    # Another worker's announce() is a PUBLISH on the shared channel. Other processes may listen on
    # the same Redis, so keep publishing until our own subscriber has joined and woken the hub.
    while not woken and time.monotonic() < deadline:
        live_redis.publish(signals.CHANNEL, meeting_id)
        woken = hub.wait(meeting_id, seen, timeout=0.1)
    assert woken, "the Redis bridge did not wake the hub"
