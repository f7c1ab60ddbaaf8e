"""Mainland residence permits for Hong Kong, Macau and Taiwan residents (港澳台居民居住证).

Their numbers have the resident ID's form (GB 11643: birth date, sequence, check character) with the
region code 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
"""
from backend.lib.errors import N_
from backend.lib.identity import resident_id, travel_permit

REGIONS = ("810000", "820000", "830000")

LENGTH_RULE = N_("居住证号码应为18位")
REGION_RULE = N_("港澳台居民居住证号码应以810000、820000或830000开头")
FORMAT_RULE = N_("居住证号码应为17位数字加1位数字或X")
BIRTH_RULE = N_("居住证号码中的出生日期无效")
CHECK_RULE = N_("居住证号码校验位错误")

normalize = travel_permit.normalize
mask = travel_permit.mask


def problem(value: str) -> str | None:
    """Why a number is not a valid residence permit number, or None."""
    value = normalize(value)
    if len(value) != 18:
        return LENGTH_RULE
    if not value.isascii() or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return FORMAT_RULE
    if value[:6] not in REGIONS:
        return REGION_RULE
    if resident_id.birth_date(value) is None:
        return BIRTH_RULE
    if resident_id.check_character(value[:17]) != value[17]:
        return CHECK_RULE
    return None
