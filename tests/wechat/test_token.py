"""Access tokens: cached, refetched on 40001/42001 (wechatpy's retry), shared through Redis."""

import pytest
import redis

from backend.lib.wechat import WeChatGateway, WeChatUnavailable
from tests.wechat.support import APPID, REDIS_URL, SECRET


def _three_calls(fake, gateway):
    gateway.code_to_session(fake.issue_login_code("o-1"))
    gateway.phone_number(fake.issue_phone_code("13800138000"))
    gateway.scene_code_png("s1")


def test_token_fetched_once_for_several_calls(fake, gateway):
    _three_calls(fake, gateway)
    assert fake.count("/cgi-bin/token") == 1
    assert len(fake.requests) == 4


def test_expired_token_is_refetched_and_call_retried(fake, gateway):
    _three_calls(fake, gateway)
    fake.expire_access_tokens()
    fake.clear_log()
    assert gateway.phone_number(fake.issue_phone_code("13900139000")) == "13900139000"
    log = [(r.path, r.errcode) for r in fake.requests]
    assert log == [("/wxa/business/getuserphonenumber", 42001),
                   ("/cgi-bin/token", None),
                   ("/wxa/business/getuserphonenumber", None)]
    # The new token is cached again.
    gateway.scene_code_png("s2")
    assert fake.count("/cgi-bin/token") == 1


def test_invalid_token_40001_is_refetched(fake, gateway):
    gateway.scene_code_png("s1")
    fake.fail_next("/wxa/getwxacodeunlimit", 40001)
    assert gateway.scene_code_png("s2").startswith(b"\x89PNG")
    assert fake.count("/cgi-bin/token") == 2


def test_retry_is_bounded_when_fresh_token_refused_too(fake, gateway):
    gateway.scene_code_png("s1")
    fake.clear_log()
    fake.fail_next("/wxa/getwxacodeunlimit", 40001, times=10)
    with pytest.raises(WeChatUnavailable, match="freshly fetched"):
        gateway.scene_code_png("s2")
    assert fake.count("/cgi-bin/token") == 1
    assert fake.count("/wxa/getwxacodeunlimit") == 2
    # The next call, once WeChat behaves, works again (the depth counter was reset).
    fake.clear_faults()
    assert gateway.scene_code_png("s3").startswith(b"\x89PNG")


def test_memory_storage_is_per_instance(fake):
    one = WeChatGateway(APPID, SECRET, base_url=fake.base_url)
    two = WeChatGateway(APPID, SECRET, base_url=fake.base_url)
    one.scene_code_png("s1")
    two.scene_code_png("s2")
    assert fake.count("/cgi-bin/token") == 2


def test_redis_storage_shares_token_between_instances(fake, redis_prefix):
    one = WeChatGateway(APPID, SECRET, base_url=fake.base_url, redis_url=REDIS_URL,
                        redis_prefix=redis_prefix)
    two = WeChatGateway(APPID, SECRET, base_url=fake.base_url, redis_url=REDIS_URL,
                        redis_prefix=redis_prefix)
    one.scene_code_png("s1")
    two.scene_code_png("s2")
    two.phone_number(fake.issue_phone_code("13800138000"))
    assert fake.count("/cgi-bin/token") == 1

    client = redis.Redis.from_url(REDIS_URL)
    key = f"{redis_prefix}:{APPID}:{APPID}_access_token"
    assert client.exists(key)
    assert 0 < client.ttl(key) <= 7200


def test_redis_token_refreshed_by_one_instance_serves_the_other(fake, redis_prefix):
    one = WeChatGateway(APPID, SECRET, base_url=fake.base_url, redis_url=REDIS_URL,
                        redis_prefix=redis_prefix)
    two = WeChatGateway(APPID, SECRET, base_url=fake.base_url, redis_url=REDIS_URL,
                        redis_prefix=redis_prefix)
    one.scene_code_png("s1")
    fake.expire_access_tokens()
    one.scene_code_png("s2")   # 42001 -> refetch, stored in Redis
    fake.clear_log()
    two.scene_code_png("s3")   # uses the refreshed token straight away
    assert [(r.path, r.errcode) for r in fake.requests] == [("/wxa/getwxacodeunlimit", None)]


def test_redis_prefix_separates_appids(fake, redis_prefix):
    mine = WeChatGateway(APPID, SECRET, base_url=fake.base_url, redis_url=REDIS_URL,
                         redis_prefix=redis_prefix)
    mine.scene_code_png("s1")
    client = redis.Redis.from_url(REDIS_URL)
    keys = sorted(k.decode() for k in client.scan_iter(match=f"{redis_prefix}:*"))
    assert keys == [f"{redis_prefix}:{APPID}:{APPID}_access_token"]


def test_redis_down_is_unavailable(fake, closed_port):
    gw = WeChatGateway(APPID, SECRET, base_url=fake.base_url,
                       redis_url=f"redis://127.0.0.1:{closed_port}/0", timeout=1.0)
    with pytest.raises(WeChatUnavailable, match="Redis"):
        gw.scene_code_png("s1")


def test_one_gateway_serves_threads(fake, gateway):
    # gunicorn's threaded workers share one gateway; the retry depth counter is per thread.
    from concurrent.futures import ThreadPoolExecutor

    gateway.scene_code_png("warm")  # cache a token ...
    fake.expire_access_tokens()     # ... that every thread then finds expired at once
    phones = [f"138001380{i:02d}" for i in range(16)]
    codes = [fake.issue_phone_code(phone) for phone in phones]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(gateway.phone_number, codes)) == phones
    assert any(r.errcode == 42001 for r in fake.requests)
