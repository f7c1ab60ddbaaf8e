import pytest

from backend.lib.identity import credit_code, mobile, resident_id
from tests.support import make_credit_code, make_id_number


def test_valid_resident_id_with_x_check_character():
    assert resident_id.problem("11010519491231002X") is None
    assert resident_id.problem("11010519491231002x") is None


@pytest.mark.parametrize("value, words", [
    ("110105194912310021", "校验位"),
    ("11010519491231002", "18位"),
    ("110105194902300027", "出生日期"),  # 30 February
    ("11010519491231002Y", "格式不正确"),
])
def test_invalid_resident_ids_say_why(value, words):
    assert words in resident_id.problem(value)


def test_masks_show_region_and_last_four_only():
    assert resident_id.mask("110101199003071234") == "110101********1234"
    assert mobile.mask("13812345678") == "138****5678"


@pytest.mark.parametrize("phone", ["010-62345678", "1381234567", "23812345678", "+86 10 6234 5678", "+852 2123 4567",
                                   "+1234", "+49 1512 3456 7890 1234"])
def test_landlines_short_and_long_numbers_are_not_mobiles(phone):
    assert mobile.problem(phone)


def test_mobile_accepts_country_prefix():
    assert mobile.problem("+86 138 1234 5678") is None


def test_credit_code_check_character():
    assert credit_code.problem("91350100M000100Y43") is None
    assert "校验位" in credit_code.problem("91350100M000100Y44")
    assert credit_code.problem(make_credit_code(7)) is None
    assert resident_id.problem(make_id_number(7)) is None
