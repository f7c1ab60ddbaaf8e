"""Passports: the issuing country (ISO 3166-1 alpha-2) and a number of 5 to 20 letters and digits."""
import re

from babel import Locale

from backend.lib.errors import N_
from backend.lib.identity import travel_permit

# CLDR territories that are not ISO 3166-1 countries: regions, reserved and private-use codes.
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
COUNTRIES = frozenset(code for code in Locale("en").territories
                      if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)
_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")

NUMBER_RULE = N_("护照号码应为5至20位字母或数字")
COUNTRY_REQUIRED = N_("请选择护照签发国家或地区")
COUNTRY_RULE = N_("签发国家或地区应为ISO 3166两位字母代码")

normalize = travel_permit.normalize
mask = travel_permit.mask


def normalize_country(value: str | None) -> str:
    """The alpha-2 code in upper case ("de" -> "DE")."""
    return (value or "").strip().upper()


def country_problem(value: str | None) -> str | None:
    """Why a country is not a passport's issuing country, or None."""
    value = normalize_country(value)
    if not value:
        return COUNTRY_REQUIRED
    return None if value in COUNTRIES else COUNTRY_RULE


def problem(value: str) -> str | None:
    """Why a passport number is invalid, or None."""
    return None if _NUMBER.match(normalize(value)) else NUMBER_RULE
