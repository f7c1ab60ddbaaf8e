"""getuserphonenumber: the phone-number button's code becomes the number, once."""

import pytest

from backend.lib.wechat import InvalidCode


def test_phone_number_round_trip(fake, gateway):
    code = fake.issue_phone_code("13800138000")
    assert gateway.phone_number(code) == "13800138000"
    request = fake.requests[-1]
    assert request.path == "/wxa/business/getuserphonenumber"
    assert request.method == "POST"
    assert request.query["access_token"]


def test_phone_code_works_once(fake, gateway):
    code = fake.issue_phone_code("13800138000")
    gateway.phone_number(code)
    with pytest.raises(InvalidCode) as info:
        gateway.phone_number(code)
    assert info.value.errcode == 40029


def test_expired_phone_code_is_invalid(fake, gateway, clock):
    code = fake.issue_phone_code("13800138000")
    clock.advance(300)
    with pytest.raises(InvalidCode):
        gateway.phone_number(code)


def test_login_code_is_not_a_phone_code(fake, gateway):
    with pytest.raises(InvalidCode):
        gateway.phone_number(fake.issue_login_code("o-alice"))


def test_a_number_outside_the_mainland_comes_back_in_e164(fake, gateway):
    # WeChat's purePhoneNumber has no country code: +852 9123 4567 arrives as 91234567 with countryCode 852.
    assert gateway.phone_number(fake.issue_phone_code("91234567", "852")) == "+85291234567"
    assert gateway.phone_number(fake.issue_phone_code("15123456789", "49")) == "+4915123456789"
    assert gateway.phone_number(fake.issue_phone_code("13800138000", "86")) == "13800138000"
