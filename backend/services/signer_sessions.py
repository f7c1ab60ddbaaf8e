"""Signer sessions: an H5 or WeChat login that verification later binds to one participant."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from backend.core.errors import AppError, NotSignedIn, UpstreamUnavailable, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import wechat
from backend.core.security.tokens import new_token, token_digest
from backend.lib.wechat import WeChatError, WeChatUnavailable
from backend.models import SignerSession
from backend.models.base import utcnow
from backend.services.library_errors import translated

SESSION_TTL = timedelta(hours=12)


def wechat_error(exc: WeChatError) -> AppError:
    """Turn a WeChat failure into a clear 4xx, or 502 when WeChat cannot be reached."""
    if isinstance(exc, WeChatUnavailable) or exc.status >= 500:
        return UpstreamUnavailable(_l("微信服务暂时不可用，请稍后再试"), code=exc.code)
    messages = {"wechat_invalid_code": _l("微信登录凭证无效，请重新进入小程序"),
                "wechat_code_used": _l("微信登录凭证已使用，请重新进入小程序"),
                "wechat_rate_limited": _l("请求过于频繁，请稍后再试")}
    return AppError(messages.get(exc.code) or translated(exc), code=exc.code, status=exc.status)



def login(channel: str, code: str | None, ip: str | None) -> str:
    """Start a signer session; with WeChat, exchange the wx.login code (session_key stays here)."""
    openid = unionid = None
    if channel == "wechat":
        gateway = wechat()
        if gateway is None:
            raise ValidationFailed(_l("未配置微信小程序，请使用H5签署"),
                                   code="wechat_not_configured", fields={"channel": ["wechat is off"]})
        if not code:
            raise ValidationFailed(_l("缺少微信登录凭证"), fields={"code": ["required"]})
        try:
            session = gateway.code_to_session(code)
        except WeChatError as exc:
            raise wechat_error(exc) from None
        openid, unionid = session.openid, session.unionid
    token = new_token()
    db.session.add(SignerSession(token_hash=token_digest(token), channel=channel, openid=openid, unionid=unionid,
                                 client_ip=ip, expires_at=utcnow() + SESSION_TTL))
    db.session.commit()
    return token


def session_for(token: str | None) -> SignerSession:
    """The live signer session behind a bearer token."""
    row = SignerSession.query.filter_by(token_hash=token_digest(token)).first() if token else None
    check_live(row)
    return row


def check_live(session) -> None:
    """A missing or expired signer session answers 401."""
    if not session or session.expires_at <= utcnow():
        raise NotSignedIn(_l("签署会话已失效，请重新扫码"), code="invalid_token")


def phone_from_wechat(phone_code: str) -> str:
    """The phone number behind a getPhoneNumber code."""
    gateway = wechat()
    if gateway is None:
        raise ValidationFailed(_l("未配置微信小程序"), code="wechat_not_configured",
                               fields={"phone_code": ["wechat is off"]})
    try:
        return gateway.phone_number(phone_code)
    except WeChatUnavailable as exc:
        raise wechat_error(exc) from None
    except WeChatError:
        return ""  # a bad phone code counts as a failed verification, like a wrong SMS code
