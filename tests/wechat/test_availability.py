"""WeChat unreachable, slow or answering nonsense becomes WeChatUnavailable, never a crash."""

import time

import pytest

from backend.lib.wechat import WeChatGateway, WeChatUnavailable
from tests.wechat.support import APPID, SECRET


def test_closed_port_is_unavailable_quickly(closed_port):
    gw = WeChatGateway(APPID, SECRET, base_url=f"http://127.0.0.1:{closed_port}", timeout=2.0)
    started = time.monotonic()
    with pytest.raises(WeChatUnavailable) as info:
        gw.code_to_session("a" * 32)
    assert time.monotonic() - started < 1.5
    assert info.value.code == "wechat_unavailable"
    assert info.value.status == 502


def test_slow_token_call_times_out(fake):
    # wechatpy fetches the token without any timeout; the transport adapter must add one.
    gw = WeChatGateway(APPID, SECRET, base_url=fake.base_url, timeout=0.3)
    fake.delay_next("/cgi-bin/token", 3)
    started = time.monotonic()
    with pytest.raises(WeChatUnavailable, match="in time"):
        gw.code_to_session(fake.issue_login_code("o-alice"))
    assert time.monotonic() - started < 2


def test_slow_api_call_times_out(fake):
    gw = WeChatGateway(APPID, SECRET, base_url=fake.base_url, timeout=0.3)
    fake.delay_next("/sns/jscode2session", 3)
    with pytest.raises(WeChatUnavailable):
        gw.code_to_session(fake.issue_login_code("o-alice"))


@pytest.mark.parametrize("path", ["/cgi-bin/token", "/sns/jscode2session"])
def test_server_error_is_unavailable(fake, gateway, path):
    fake.fail_next_http(path, 503, b"<html>busy</html>")
    with pytest.raises(WeChatUnavailable, match="503"):
        gateway.code_to_session(fake.issue_login_code("o-alice"))


def test_non_json_answer_is_unavailable(fake, gateway):
    fake.fail_next_http("/sns/jscode2session", 200, b"<html>captive portal</html>")
    with pytest.raises(WeChatUnavailable, match="not JSON"):
        gateway.code_to_session(fake.issue_login_code("o-alice"))


def test_non_json_token_answer_is_unavailable(fake, gateway):
    fake.fail_next_http("/cgi-bin/token", 200, b"<html>captive portal</html>")
    with pytest.raises(WeChatUnavailable):
        gateway.phone_number(fake.issue_phone_code("13800138000"))


def test_system_busy_is_unavailable(fake, gateway):
    fake.fail_next("/wxa/business/getuserphonenumber", -1)
    with pytest.raises(WeChatUnavailable) as info:
        gateway.phone_number(fake.issue_phone_code("13800138000"))
    assert info.value.errcode == -1
