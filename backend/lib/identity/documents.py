"""Identity documents by kind: one place that knows which rule checks, normalises and masks a number.

A kind (`id_type`) is one of ID_TYPES; a passport also names its issuing country (`id_country`). Every
rule returns its refusal as a marked Chinese message that the caller translates.
"""
from backend.lib.errors import N_
from backend.lib.identity import passport, residence_permit, resident_id, travel_permit

RESIDENT_ID = "resident_id"
# Each kind's module (or permit) answers normalize, problem and mask alike.
_RULES = {
    RESIDENT_ID: resident_id,
    "hk_mo_permit": travel_permit.HK_MO,
    "tw_permit": travel_permit.TW,
    "residence_permit": residence_permit,
    "passport": passport,
}
ID_TYPES = tuple(_RULES)
TYPE_RULE = N_("证件类型应为 resident_id、hk_mo_permit、tw_permit、residence_permit 或 passport")
COUNTRY_ONLY_FOR_PASSPORTS = N_("只有护照需要填写签发国家或地区")


def normalize(id_type: str, number: str) -> str:
    """The form of a number that is stored, HMAC'd and matched (upper case, no spaces)."""
    return _RULES.get(id_type, resident_id).normalize(number or "")


def country(id_type: str, id_country: str | None) -> str | None:
    """The stored issuing country: a passport's alpha-2 code, None for every other kind."""
    return passport.normalize_country(id_country) if id_type == "passport" else None


def problems(id_type: str, number: str | None, id_country: str | None = None) -> dict[str, str]:
    """Why a document does not hold, by field (id_type, id_number, id_country); empty when it does."""
    if id_type not in _RULES:
        return {"id_type": TYPE_RULE}
    found = {}
    if (msg := _RULES[id_type].problem(number or "")):
        found["id_number"] = msg
    if id_type == "passport":
        if (msg := passport.country_problem(id_country)):
            found["id_country"] = msg
    elif id_country:
        found["id_country"] = COUNTRY_ONLY_FOR_PASSPORTS
    return found


def mask(id_type: str, number: str) -> str:
    """The number as an organizer sees it: a mainland ID keeps its region code, others the last four only."""
    return _RULES.get(id_type, resident_id).mask(number)


def lookup_key(id_type: str, number: str, id_country: str | None = None) -> str:
    """The text whose HMAC finds a document: the number itself for a mainland ID (as stored before other
    kinds existed), else kind (and a passport's country) with it, so that equal numbers of two kinds never match."""
    number = normalize(id_type, number)
    if id_type in (None, RESIDENT_ID):
        return number
    if id_type == "passport":
        return f"passport:{country(id_type, id_country)}:{number}"
    return f"{id_type}:{number}"
