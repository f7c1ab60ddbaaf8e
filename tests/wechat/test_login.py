"""code2session through wechatpy against the fake WeChat."""

import pytest

from backend.lib.wechat import (
    BadCredentials,
    CodeUsed,
    InvalidCode,
    RateLimited,
    WeChatError,
    WeChatGateway,
    WeChatSession,
)
from tests.wechat.support import APPID, SECRET


def test_login_code_gives_openid_and_unionid(fake, gateway):
    code = fake.issue_login_code("o-alice", unionid="u-alice")
    session = gateway.code_to_session(code)
    assert session.openid == "o-alice"
    assert session.unionid == "u-alice"
    assert len(session.session_key) >= 16
    assert [r.path for r in fake.requests] == ["/cgi-bin/token", "/sns/jscode2session"]


def test_missing_unionid_is_none(fake, gateway):
    assert gateway.code_to_session(fake.issue_login_code("o-bob")).unionid is None


def test_login_code_works_once(fake, gateway):
    code = fake.issue_login_code("o-alice")
    gateway.code_to_session(code)
    with pytest.raises(CodeUsed) as info:
        gateway.code_to_session(code)
    assert info.value.code == "wechat_code_used"
    assert info.value.errcode == 40163


def test_expired_code_is_invalid(fake, gateway, clock):
    code = fake.issue_login_code("o-alice")
    clock.advance(299)
    fresh = fake.issue_login_code("o-alice")
    clock.advance(2)  # `code` is now 301 s old, `fresh` 2 s
    with pytest.raises(InvalidCode) as info:
        gateway.code_to_session(code)
    assert (info.value.code, info.value.errcode) == ("wechat_invalid_code", 40029)
    assert gateway.code_to_session(fresh).openid == "o-alice"


def test_unknown_code_is_invalid(gateway):
    with pytest.raises(InvalidCode):
        gateway.code_to_session("0" * 32)


@pytest.mark.parametrize("code", ["", "   ", None, 123, "x" * 300])
def test_malformed_code_refused_without_http(fake, gateway, code):
    with pytest.raises(InvalidCode):
        gateway.code_to_session(code)
    assert fake.requests == []


def test_session_key_hidden_from_repr():
    session = WeChatSession("o-1", None, "SECRET-SESSION-KEY")
    assert "SECRET-SESSION-KEY" not in repr(session)
    assert "SECRET-SESSION-KEY" not in str(session)
    assert session.session_key == "SECRET-SESSION-KEY"
    with pytest.raises(AttributeError):
        session.openid = "o-2"  # frozen


def test_bad_secret_is_misconfiguration(fake):
    gw = WeChatGateway(APPID, "wrong-secret", base_url=fake.base_url)
    with pytest.raises(BadCredentials) as info:
        gw.code_to_session(fake.issue_login_code("o-alice"))
    assert (info.value.code, info.value.errcode) == ("wechat_misconfigured", 40125)


def test_bad_appid_is_misconfiguration(fake):
    gw = WeChatGateway("wxnotmine", SECRET, base_url=fake.base_url)
    with pytest.raises(BadCredentials) as info:
        gw.code_to_session(fake.issue_login_code("o-alice"))
    assert info.value.errcode == 40013


def test_missing_credentials_refused_at_construction():
    with pytest.raises(BadCredentials):
        WeChatGateway(APPID, "")


def test_rate_limit_maps_to_rate_limited(fake, gateway):
    fake.fail_next("/sns/jscode2session", 45011)
    code = fake.issue_login_code("o-alice")
    with pytest.raises(RateLimited) as info:
        gateway.code_to_session(code)
    assert (info.value.code, info.value.errcode, info.value.status) == ("wechat_rate_limited", 45011, 429)
    # The refused request did not consume the code.
    assert gateway.code_to_session(code).openid == "o-alice"


def test_unknown_errcode_is_plain_wechat_error(fake, gateway):
    fake.fail_next("/sns/jscode2session", 48001, "api unauthorized")
    with pytest.raises(WeChatError) as info:
        gateway.code_to_session(fake.issue_login_code("o-alice"))
    assert type(info.value) is WeChatError
    assert (info.value.code, info.value.errcode) == ("wechat_error", 48001)
