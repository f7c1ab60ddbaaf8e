"""Identity documents other than the mainland ID, and phones of other countries."""
import pytest

from backend.lib.identity import documents, mobile
from backend.lib.identity.resident_id import check_character


def _residence_permit(region="810000", birth="19900101", seq="001"):
    first17 = region + birth + seq
    return first17 + check_character(first17)


@pytest.mark.parametrize("id_type, number", [
    ("hk_mo_permit", "H12345678"),
    ("hk_mo_permit", "m1234 5678"),  # typed in lower case with a space
    ("hk_mo_permit", "H1234567890"),  # an older card's 10 digits
    ("tw_permit", "12345678"),
    ("tw_permit", "1234567890"),
    ("tw_permit", "1234567890(B)"),
    ("tw_permit", "1234567890（b）"),  # full-width parentheses, as a Chinese keyboard types them
    ("residence_permit", _residence_permit()),
    ("residence_permit", _residence_permit("830000")),
])
def test_valid_permits(id_type, number):
    assert documents.problems(id_type, number) == {}


@pytest.mark.parametrize("id_type, number, words", [
    ("hk_mo_permit", "H1234567", "H或M加8位数字"),
    ("hk_mo_permit", "A12345678", "H或M加8位数字"),
    ("hk_mo_permit", "12345678", "H或M加8位数字"),
    ("tw_permit", "1234567", "8位数字"),
    ("tw_permit", "123456789", "8位数字"),
    ("tw_permit", "12345678(B)", "8位数字"),  # the letter only follows the older 10 digits
    ("residence_permit", _residence_permit("440300"), "810000、820000或830000"),
    ("residence_permit", _residence_permit()[:17] + ("1" if _residence_permit().endswith("0") else "0"), "校验位"),
    ("residence_permit", _residence_permit(birth="19900230"), "出生日期"),
    ("residence_permit", "81000019900101001", "18位"),
    ("passport", "C01", "5至20位"),
    ("passport", "C01-X00T4", "5至20位"),
])
def test_malformed_numbers_name_their_rule(id_type, number, words):
    assert words in documents.problems(id_type, number, "DE" if id_type == "passport" else None)["id_number"]


def test_passport_needs_a_real_issuing_country():
    assert documents.problems("passport", "C01X00T47", "de") == {}
    assert documents.country("passport", "de") == "DE"
    assert "签发国家" in documents.problems("passport", "C01X00T47")["id_country"]
    assert "ISO 3166" in documents.problems("passport", "C01X00T47", "XY")["id_country"]
    assert "ISO 3166" in documents.problems("passport", "C01X00T47", "EU")["id_country"]  # a region, not a country


def test_only_passports_take_a_country_and_unknown_kinds_are_refused():
    assert "id_country" in documents.problems("hk_mo_permit", "H12345678", "HK")
    assert "id_type" in documents.problems("driving_licence", "123456")


def test_numbers_are_normalised_before_matching_and_kinds_never_match_each_other():
    assert documents.lookup_key("hk_mo_permit", " h1234 5678 ") == documents.lookup_key("hk_mo_permit", "H12345678")
    assert documents.lookup_key("passport", "c01x00t47", "de") == documents.lookup_key("passport", "C01X00T47", "DE")
    assert documents.lookup_key("passport", "C01X00T47", "DE") != documents.lookup_key("passport", "C01X00T47", "FR")
    assert documents.lookup_key("tw_permit", "12345678") != documents.lookup_key("passport", "12345678", "DE")
    # A mainland ID's key is the number alone, as every stored HMAC was made.
    assert documents.lookup_key("resident_id", "11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("id_type, number, masked", [
    ("hk_mo_permit", "H12345678", "*****5678"),
    ("tw_permit", "1234567890(B)", "*********0(B)"),
    ("passport", "C01X00T47", "*****0T47"),
    ("residence_permit", _residence_permit(), "*" * 14 + _residence_permit()[-4:]),
    ("resident_id", "110101199003071234", "110101********1234"),  # unchanged
])
def test_masks_hide_all_but_the_last_four(id_type, number, masked):
    assert documents.mask(id_type, number) == masked


@pytest.mark.parametrize("typed, stored", [
    ("+852 9123 4567", "+85291234567"),
    ("0049 1512 3456789", "+4915123456789"),
    ("+86 138 1234 5678", "13812345678"),  # a mainland number keeps its 11-digit stored form
    ("13812345678", "13812345678"),
])
def test_phones_of_any_country_in_e164(typed, stored):
    assert mobile.problem(typed) is None
    assert mobile.normalize(typed) == stored
    assert mobile.e164(typed) == (stored if stored.startswith("+") else "+86" + stored)


def test_phone_masks():
    assert mobile.mask("+85291234567") == "+852****4567"
    assert mobile.mask("+4915123456789") == "+49*******6789"
    assert mobile.mask("13812345678") == "138****5678"
