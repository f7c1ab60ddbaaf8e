"""Fixtures: a fake WeChat on an ephemeral loopback port and gateways pointed at it."""

import socket
import uuid

import pytest
import redis

from backend.lib.wechat import WeChatGateway
from dev.fake_wechat.server import FakeWeChat
from dev.fake_wechat.state import ManualClock
from tests.wechat.support import APPID, REDIS_URL, SECRET


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def fake(clock):
    with FakeWeChat(APPID, SECRET, clock=clock) as server:
        yield server


@pytest.fixture
def gateway(fake):
    gw = WeChatGateway(APPID, SECRET, base_url=fake.base_url, timeout=2.0)
    yield gw
    gw.close()


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_prefix():
    """A key prefix unique to this test; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    prefix = f"signstage-test:{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
