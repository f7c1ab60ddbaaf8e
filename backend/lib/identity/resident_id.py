"""Mainland resident ID numbers (GB 11643-1999)."""
from datetime import date

from backend.lib.errors import N_

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS))
    return _CHECK[total % 11]


def normalize(value: str) -> str:
    """Strip spaces and upper-case a trailing x."""
    return value.strip().replace(" ", "").upper()


def birth_date(value: str) -> date | None:
    """The birth date in characters 7-14 (YYYYMMDD) of an 18-digit number, or None when it is impossible."""
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    return born if 1900 <= born.year and born <= date.today() else None


def problem(value: str) -> str | None:
    """Return why an ID number is invalid, or None when it is a valid 18-character number."""
    value = normalize(value)
    if len(value) != 18:
        return N_("身份证号码应为18位")
    # isascii: str.isdigit() also takes digits int() cannot read ("²").
    if not value.isascii() or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return N_("身份证号码格式不正确")
    if birth_date(value) is None:
        return N_("身份证号码中的出生日期无效")
    if check_character(value[:17]) != value[17]:
        return N_("身份证号码校验位错误")
    return None


def mask(value: str) -> str:
    """Show the region code and the last four characters only: 110101********1234."""
    value = normalize(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)
