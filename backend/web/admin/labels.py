"""Translated labels for the values the contract pages show (statuses, channels, methods)."""
from flask_babel import lazy_gettext as _l

CONTRACT_STATUSES = ("scheduled", "in_progress", "completed", "expired", "cancelled")

SIGNER_STATUS_LABELS = {"pending": _l("待通知"), "notified": _l("待签署"), "verified": _l("已核验身份"),
                        "signed": _l("已签署"), "declined": _l("已拒签")}
METHOD_LABELS = {"sms": _l("短信验证码"), "wechat_phone": _l("微信绑定手机号")}
CHANNEL_LABELS = {"h5": _l("手机网页（H5）"), "wechat": _l("微信小程序")}


def label(labels: dict, value: str | None) -> str:
    """The label of a value, the value itself when unknown, a dash when empty."""
    if not value:
        return "—"
    return str(labels[value]) if value in labels else value
