"""Translated labels for the values the contract pages show (statuses, channels, methods)."""
from flask_babel import lazy_gettext as _l

from backend.models.meeting import MEETING_STATUSES
from backend.models.status import PARTICIPANT_LABELS

CONTRACT_STATUSES = tuple(s for s in MEETING_STATUSES if s != "draft")  # a contract exists once booked

SIGNER_STATUS_LABELS = PARTICIPANT_LABELS
METHOD_LABELS = {"sms": _l("短信验证码"), "wechat_phone": _l("微信绑定手机号")}
CHANNEL_LABELS = {"h5": _l("手机网页（H5）"), "wechat": _l("微信小程序")}


