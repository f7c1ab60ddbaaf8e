"""Unified social credit codes (GB 32100-2015)."""
from backend.lib.errors import N_

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters."""
    total = sum(_ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS))
    return _ALPHABET[(31 - total % 31) % 31]


def problem(value: str) -> str | None:
    """Return why a credit code is invalid, or None."""
    value = value.strip().upper()
    if len(value) != 18:
        return N_("统一社会信用代码应为18位")
    if any(c not in _ALPHABET for c in value):
        return N_("统一社会信用代码含有无效字符")
    if check_character(value[:17]) != value[17]:
        return N_("统一社会信用代码校验位错误")
    return None


def mask(value: str) -> str:
    """91************345X: enough to tell two similar names apart, not the code itself."""
    return value[:2] + "*" * max(len(value) - 6, 0) + value[-4:] if len(value) > 6 else "*" * len(value)
