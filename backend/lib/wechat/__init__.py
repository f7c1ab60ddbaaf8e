"""WeChat mini-program server APIs (wechatpy) and a local fake WeChat; no Flask, no database."""

from backend.lib.wechat.errors import (
    BadCredentials,
    CodeUsed,
    InvalidArgument,
    InvalidCode,
    RateLimited,
    WeChatError,
    WeChatUnavailable,
    from_errcode,
)
from backend.lib.wechat.gateway import DEFAULT_PAGE, WeChatGateway, WeChatSession
from backend.lib.wechat.scene import check_scene, is_valid_scene

__all__ = [
    "BadCredentials", "CodeUsed", "DEFAULT_PAGE", "InvalidArgument", "InvalidCode",
    "RateLimited", "WeChatError", "WeChatGateway", "WeChatSession", "WeChatUnavailable",
    "check_scene", "from_errcode", "is_valid_scene",
]
