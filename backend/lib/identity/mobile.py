"""Mainland mobile phone numbers."""
import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize(value: str) -> str:
    """Drop spaces, dashes and a +86 / 0086 prefix."""
    value = re.sub(r"[\s-]", "", value.strip())
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    return value


def problem(value: str) -> str | None:
    """Return why a phone number is not a mainland mobile number, or None."""
    if not _MOBILE.match(normalize(value)):
        return "请输入11位中国大陆手机号码 (a mainland mobile number is required)"
    return None


def mask(value: str) -> str:
    """138****5678."""
    value = normalize(value)
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "****"
