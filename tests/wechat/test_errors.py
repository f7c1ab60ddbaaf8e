"""The error hierarchy: stable codes, WeChat numbers mapped to classes."""

import pytest

from backend.lib.wechat import errors


@pytest.mark.parametrize("errcode, cls, code", [
    (40029, errors.InvalidCode, "wechat_invalid_code"),
    (40163, errors.CodeUsed, "wechat_code_used"),
    (45011, errors.RateLimited, "wechat_rate_limited"),
    (45009, errors.RateLimited, "wechat_rate_limited"),
    (40013, errors.BadCredentials, "wechat_misconfigured"),
    (40125, errors.BadCredentials, "wechat_misconfigured"),
    (40169, errors.InvalidArgument, "wechat_invalid_argument"),
    (-1, errors.WeChatUnavailable, "wechat_unavailable"),
    (99999, errors.WeChatError, "wechat_error"),
])
def test_from_errcode(errcode, cls, code):
    error = errors.from_errcode(errcode, "msg")
    assert type(error) is cls
    assert (error.code, error.errcode) == (code, errcode)
    assert "msg" in error.message


def test_base_class_takes_code_message_errcode():
    error = errors.WeChatError("wechat_custom", "something", 12345)
    assert (error.code, error.message, error.errcode, str(error)) == (
        "wechat_custom", "something", 12345, "something")


def test_hierarchy_is_flat_and_statuses_suggest_http():
    subclasses = [errors.InvalidCode, errors.CodeUsed, errors.RateLimited, errors.BadCredentials,
                  errors.InvalidArgument, errors.WeChatUnavailable]
    assert all(issubclass(cls, errors.WeChatError) for cls in subclasses)
    assert len({cls.code for cls in subclasses}) == len(subclasses)
    assert errors.WeChatUnavailable.status == 502
    assert all(400 <= cls.status < 500 for cls in
               (errors.InvalidCode, errors.CodeUsed, errors.RateLimited, errors.InvalidArgument))
