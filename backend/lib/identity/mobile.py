"""Mobile phone numbers: mainland numbers by default, any other country's in E.164 (+<country><number>).

The stored form (what is encrypted and HMAC'd) of a mainland number stays its 11 digits, as every
number stored before international numbers existed is: their lookups keep matching with no data
migration. Any other number is stored in E.164. `e164` gives the form a provider sends to.
"""
import re

import phonenumbers

from backend.lib.errors import N_

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# E.164: a + and 8 to 15 digits, the country code first (never 0).
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
MAINLAND_PREFIX = "+86"

MAINLAND_MESSAGE = N_("请输入11位中国大陆手机号码，或以+国家码开头的手机号码")
E164_MESSAGE = N_("国际手机号码应为+国家码加号码，共8至15位数字")
NOT_MOBILE_MESSAGE = N_("该号码不是有效的手机号码")


def normalize(value: str) -> str:
    """The stored form: 11 digits for a mainland number (+86 / 0086 dropped), E.164 for any other."""
    value = re.sub(r"[\s\-()]", "", (value or "").strip())
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith(MAINLAND_PREFIX):
        return value[len(MAINLAND_PREFIX):]
    return value


def is_mainland(value: str) -> bool:
    """True for a number stored as 11 mainland digits (an E.164 number starts with +)."""
    return not normalize(value).startswith("+")


def e164(value: str) -> str:
    """The number in E.164 (+8613812345678, +85291234567), as SMS providers take it."""
    value = normalize(value)
    return value if value.startswith("+") else MAINLAND_PREFIX + value


def problem(value: str) -> str | None:
    """Why a phone number is not a mobile number we can text, or None."""
    value = normalize(value)
    if not value.startswith("+"):
        return None if _MOBILE.match(value) else MAINLAND_MESSAGE
    if not _E164.match(value):
        return E164_MESSAGE
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return E164_MESSAGE
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        return NOT_MOBILE_MESSAGE
    return None


def mask(value: str) -> str:
    """138****5678, or +852****4567: the country code and the last four digits only."""
    value = normalize(value)
    if not value.startswith("+"):
        return value[:3] + "****" + value[-4:] if len(value) >= 7 else "****"
    try:
        country = str(phonenumbers.parse(value, None).country_code)
    except phonenumbers.NumberParseException:
        return "*" * max(len(value) - 4, 0) + value[-4:]
    national = value[1 + len(country):]
    return f"+{country}" + "*" * max(len(national) - 4, 0) + national[-4:]
