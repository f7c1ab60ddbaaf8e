"""Employees with a travel permit, a residence permit or a passport, and phones outside the mainland."""
import io
from datetime import timedelta

import pytest

from backend.models import Employee, Participant
from tests.support import iso, make_id_number

HK = {"name": "陈大文", "id_type": "hk_mo_permit", "id_number": "H12345678", "phone": "+85291234567"}
PASSPORT = {"name": "Anna Schmidt", "id_type": "passport", "id_country": "DE", "id_number": "C01X00T47",
            "phone": "+4915123456789"}


@pytest.mark.parametrize("change, field, reason", [
    ({"id_number": "H1234567"}, "id_number", "港澳通行证号码应为H或M加8位数字"),
    ({"id_type": "tw_permit", "id_number": "H12345678"}, "id_number", "台湾居民来往大陆通行证号码应为8位数字"),
    ({"id_type": "residence_permit", "id_number": "110101199003071234"}, "id_number", "810000、820000或830000"),
    ({**PASSPORT, "id_number": "C01"}, "id_number", "护照号码应为5至20位字母或数字"),
    ({**PASSPORT, "id_country": None}, "id_country", "请选择护照签发国家或地区"),
    ({**PASSPORT, "id_country": "XY"}, "id_country", "ISO 3166"),
    ({"id_country": "HK"}, "id_country", "只有护照"),
    ({"phone": "+852 2123 4567"}, "phone", "不是有效的手机号码"),  # a Hong Kong landline
    ({"phone": "+852 123"}, "phone", "手机号码"),
])
def test_a_malformed_document_or_phone_is_refused_with_its_rule_and_changes_nothing(make_enterprise, change, field,
                                                                                    reason):
    e = make_enterprise()
    res = e.admin.post("/api/employees", json={**HK, **change})
    assert res.status_code == 422, res.get_json()
    assert any(reason in message for message in res.get_json()["error"]["fields"][field]), res.get_json()
    assert Employee.query.count() == 0


def test_an_unknown_document_kind_is_refused(make_enterprise):
    res = make_enterprise().admin.post("/api/employees", json={**HK, "id_type": "driving_licence"})
    assert res.status_code == 422 and "id_type" in res.get_json()["error"]["fields"]


def test_a_permit_is_registered_once_per_enterprise_and_found_by_its_number(make_enterprise):
    e = make_enterprise()
    assert e.admin.post("/api/employees", json=HK).status_code == 201
    res = e.admin.post("/api/employees", json={**HK, "id_number": "h1234 5678", "phone": "+85291234568"})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "duplicate"
    # The same digits as a Taiwan permit are another document.
    assert e.admin.post("/api/employees", json={**HK, "id_type": "tw_permit", "id_number": "12345678"}).status_code == 201
    found = e.admin.get("/api/employees?q=h12345678").get_json()
    assert [item["id_type"] for item in found["items"]] == ["hk_mo_permit"]
    assert e.admin.get("/api/employees?q=%2B85291234567").get_json()["total"] == 2  # both have that phone


def test_a_mainland_phone_is_stored_as_before_whichever_way_it_is_typed(make_enterprise):
    e = make_enterprise()
    res = e.admin.post("/api/employees", json={**HK, "phone": "+86 138 1234 5678"})
    assert res.status_code == 201 and res.get_json()["phone_masked"] == "138****5678"
    assert e.admin.get("/api/employees?q=13812345678").get_json()["total"] == 1


def test_csv_import_takes_the_document_kind_and_country(make_enterprise):
    e = make_enterprise()
    csv = ("姓名,证件号码,手机号,证件类型,签发国家\n"
           "陈大文,H12345678,+85291234567,hk_mo_permit\n"
           "Anna Schmidt,C01X00T47,+4915123456789,passport,DE\n"
           f"王五,{make_id_number()},13812345678\n"
           "李四,H1234,+85291234569,hk_mo_permit\n"
           "Bob,X1234567,+4915123456780,passport\n").encode()
    res = e.admin.post("/api/employees/import", data={"file": (io.BytesIO(csv), "e.csv")},
                       content_type="multipart/form-data")
    body = res.get_json()
    assert body["created"] == 3
    assert [(err["line"], sorted(err["fields"])) for err in body["errors"]] == [(5, ["id_number"]), (6, ["id_country"])]
    assert {(emp.id_type, emp.id_country) for emp in Employee.query} == \
        {("hk_mo_permit", None), ("passport", "DE"), ("resident_id", None)}


def test_a_hand_entered_signer_with_a_malformed_permit_is_refused(make_enterprise):
    e = make_enterprise()
    mid = e.organizer.post("/api/meetings", json={"name": "签约", "starts_at": iso(timedelta(hours=2)),
                                                  "ends_at": iso(timedelta(hours=3))}).get_json()["id"]
    res = e.organizer.post(f"/api/meetings/{mid}/participants",
                           json={"role": "signer", "enterprise_name": e.name, **HK, "id_number": "HK1234567"})
    assert res.status_code == 422
    assert "港澳通行证号码应为H或M加8位数字" in res.get_json()["error"]["fields"]["id_number"][0]
    res = e.organizer.post(f"/api/meetings/{mid}/participants",
                           json={"role": "signer", "enterprise_name": e.name, **PASSPORT, "id_country": None})
    assert res.status_code == 422 and "id_country" in res.get_json()["error"]["fields"]
    assert Participant.query.count() == 0
