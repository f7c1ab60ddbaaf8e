"""Translated labels for the values the contract pages show (statuses, channels, methods)."""
from flask_babel import lazy_gettext as _l

from backend.models.meeting import MEETING_STATUSES
from backend.models.status import PARTICIPANT_LABELS

CONTRACT_STATUSES = tuple(s for s in MEETING_STATUSES if s != "draft")  # a contract exists once booked

SIGNER_STATUS_LABELS = PARTICIPANT_LABELS
METHOD_LABELS = {"sms": _l("短信验证码"), "wechat_phone": _l("微信绑定手机号")}
CHANNEL_LABELS = {"h5": _l("手机网页（H5）"), "wechat": _l("微信小程序")}


# The identity documents an employee or participant may carry (lib/identity/documents.py).
ID_TYPE_LABELS = {"resident_id": _l("居民身份证"), "hk_mo_permit": _l("港澳居民来往内地通行证"),
                  "tw_permit": _l("台湾居民来往大陆通行证"), "residence_permit": _l("港澳台居民居住证"),
                  "passport": _l("护照")}
