"""WeChat failures as one flat hierarchy with stable codes the web layer can map."""

from __future__ import annotations

from backend.lib.errors import N_, LibraryError


class WeChatError(LibraryError):
    """A WeChat call failed; `code` is stable, `errcode` is WeChat's own number when it sent one."""

    code = "wechat_error"
    # A suggestion for the web layer, mirroring backend.core.errors.AppError.status; an errcode we
    # do not recognise is WeChat refusing in a way we cannot explain to the user, so 502.
    status = 502

    message_zh = N_("微信服务返回错误")

    def __init__(self, code: str | None = None, message: str = "", errcode: int | None = None):
        super().__init__(message or code or self.code, code=code)
        self.errcode = errcode

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, errcode={self.errcode!r}, message={self.message!r})"


class _Preset(WeChatError):
    """A WeChatError whose code is fixed by its class, so callers pass only the message."""

    def __init__(self, message: str = "", errcode: int | None = None):
        super().__init__(None, message, errcode)


class InvalidCode(_Preset):
    """The login or phone code is unknown, malformed or expired (WeChat 40029)."""

    code = "wechat_invalid_code"
    status = 400


class CodeUsed(_Preset):
    """The login code was already exchanged once (WeChat 40163)."""

    code = "wechat_code_used"
    status = 400


class RateLimited(_Preset):
    """WeChat's call quota is exhausted for now (45011 per minute, 45009 per day)."""

    code = "wechat_rate_limited"
    status = 429


class BadCredentials(_Preset):
    """The appid or secret is wrong, or this server may not use them (40013, 40125, ...)."""

    code = "wechat_misconfigured"
    # The signer cannot fix the operator's configuration; 503 tells monitoring who can.
    status = 503


class InvalidArgument(_Preset, ValueError):
    """A value we were about to send is invalid (bad scene, page, width); WeChat 40169/41030."""

    code = "wechat_invalid_argument"
    status = 422


class WeChatUnavailable(_Preset):
    """WeChat could not be reached or answered nonsense: network, timeout, 5xx, non-JSON."""

    code = "wechat_unavailable"
    status = 502


# WeChat's numbers -> our classes. Anything else becomes a plain WeChatError.
_BY_ERRCODE: dict[int, type[_Preset]] = {
    40029: InvalidCode,   # invalid code (login code or phone code)
    40163: CodeUsed,      # code been used
    45011: RateLimited,   # api minute-quota reach limit
    45009: RateLimited,   # api daily-quota reach limit
    40013: BadCredentials,  # invalid appid
    40125: BadCredentials,  # invalid appsecret
    41002: BadCredentials,  # appid missing
    41004: BadCredentials,  # appsecret missing
    40164: BadCredentials,  # caller IP not in the whitelist
    40243: BadCredentials,  # AppSecret frozen
    40169: InvalidArgument,  # invalid scene
    41030: InvalidArgument,  # page does not exist (check_path) or is malformed
    40159: InvalidArgument,  # invalid path length
    -1: WeChatUnavailable,   # system busy
}


def from_errcode(errcode: int, errmsg: str | None = None) -> WeChatError:
    """Return the WeChatError for one of WeChat's error codes."""
    message = f"WeChat error {errcode}: {errmsg or 'no message'}"
    cls = _BY_ERRCODE.get(int(errcode))
    if cls is None:
        return WeChatError(None, message, int(errcode))
    return cls(message, int(errcode))
