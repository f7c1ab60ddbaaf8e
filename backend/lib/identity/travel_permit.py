"""Mainland travel permits: for Hong Kong and Macau residents (港澳居民来往内地通行证) and for Taiwan residents
(台湾居民来往大陆通行证).

Hong Kong / Macau: H (Hong Kong) or M (Macau) and 8 digits; the older cards' H/M and 10 digits are still
accepted. Taiwan: 8 digits; the older cards' 10 digits are accepted too, optionally with the issue count
letter in parentheses ("1234567890(B)"), kept in the stored number so that it matches as typed on the card.
"""
import re
from dataclasses import dataclass

from backend.lib.errors import N_

_UNIFORM = str.maketrans({"（": "(", "）": ")"})


def normalize(value: str) -> str:
    """Upper case, no white space, ASCII parentheses: the form that is stored and matched."""
    return re.sub(r"\s+", "", (value or "").translate(_UNIFORM)).upper()


def mask(value: str) -> str:
    """*****5678: the last four characters only."""
    value = normalize(value)
    return "*" * max(len(value) - 4, 0) + value[-4:] if len(value) > 4 else "*" * len(value)


@dataclass(frozen=True)
class Permit:
    """One kind of permit: the shape of its number and the rule a refusal names."""

    pattern: re.Pattern
    rule: str

    def problem(self, value: str) -> str | None:
        """Why a number is not one of this permit's, or None."""
        return None if self.pattern.match(normalize(value)) else self.rule

    normalize = staticmethod(normalize)
    mask = staticmethod(mask)


HK_MO = Permit(re.compile(r"^[HM](?:\d{8}|\d{10})$"), N_("港澳通行证号码应为H或M加8位数字（旧证为10位数字）"))
TW = Permit(re.compile(r"^(?:\d{8}|\d{10}(?:\([A-Z]\))?)$"),
            N_("台湾居民来往大陆通行证号码应为8位数字（旧证为10位数字，可带括号内字母）"))
