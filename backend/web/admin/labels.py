"""Translated labels for the values the contract pages show (statuses, channels, methods)."""
from flask_babel import lazy_gettext as _l

from backend.models.status import PARTICIPANT_LABELS, label  # noqa: F401  (label: re-exported for the pages)

CONTRACT_STATUSES = ("scheduled", "in_progress", "completed", "expired", "cancelled")

SIGNER_STATUS_LABELS = PARTICIPANT_LABELS
METHOD_LABELS = {"sms": _l("短信验证码"), "wechat_phone": _l("微信绑定手机号")}
CHANNEL_LABELS = {"h5": _l("手机网页（H5）"), "wechat": _l("微信小程序")}


