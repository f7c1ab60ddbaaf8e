"""The H5 verify step of a signer without a mainland ID: the ID field is named for their document and
checked by its rule on the phone, and a Hong Kong permit with a +852 phone verifies."""
from datetime import timedelta

import pytest

from backend.core.extensions import db
from backend.models import Employee
from tests.browser.test_h5_errors import _scene, phone  # noqa: F401 (a fixture)
from tests.screen.helpers import book_open_meeting

pytestmark = pytest.mark.browser

HK = {"name": "陈大文", "id_type": "hk_mo_permit", "id_number": "H12345678", "phone": "+85291234567"}


def test_a_hong_kong_permit_holder_verifies_on_h5(app, ceremony, live_server, phone, sms_messages):  # noqa: F811
    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    res = c.org.admin.post("/api/employees", json=HK)
    assert res.status_code == 201, res.get_json()
    employee_id = res.get_json()["id"]
    db.session.get(Employee, employee_id).status = "active"
    db.session.commit()
    seal = c.org.admin.get("/api/seals").get_json()[0]
    assert c.org.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": employee_id}).status_code == 201
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants",
                     json={"role": "signer", "enterprise_name": c.org.name, **HK})
    assert res.status_code == 201 and res.get_json()["match_status"] == "matched", res.get_json()
    c.signers.append(res.get_json())
    book_open_meeting(c)
    page = phone(f"{live_server}/h5/s/{_scene(c.signers[-1]['id'])}")
    page.wait_for_selector("#step-verify:not([hidden])")
    assert page.text_content('label[for="f-id"]') == "港澳居民来往内地通行证号码"
    assert page.get_attribute("#f-id", "maxlength") == "11"
    page.fill("#f-name", HK["name"])
    page.fill("#f-id", "H1234567")  # a digit short: refused on the phone, no attempt spent
    page.fill("#f-code", "123456")
    page.click("#verify")
    page.wait_for_selector("#e-id:not([hidden])")
    assert "H或M加8位数字" in page.text_content("#e-id")
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["e164"] == HK["phone"]][-1]["params"]["code"]
    page.fill("#f-id", "h1234 5678")  # as typed: lower case, a space
    page.fill("#f-code", code)
    page.click("#verify")
    page.wait_for_selector("#main[data-step=read]")
    assert page.js_errors == []
