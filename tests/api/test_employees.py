import pytest

from backend.models import Employee
from tests.support import make_id_number


def test_register_employee_shows_masked_data(make_enterprise):
    e = make_enterprise()
    res = e.admin.post("/api/employees", json={"name": "张伟", "id_number": "11010519491231002X", "phone": "13812345678"})
    body = res.get_json()
    assert res.status_code == 201
    assert body["id_number_masked"] == "110105********002X"
    assert body["phone_masked"] == "138****5678"
    assert body["status"] == "invited"
    assert "11010519491231002X" not in res.get_data(as_text=True)


@pytest.mark.parametrize("field, value", [
    ("id_number", "110105194912310021"),   # wrong check character
    ("id_number", "110105194902300027"),   # 30 February
    ("id_number", "11010519491231002"),    # 17 digits
    ("phone", "010-62345678"),             # landline
    ("name", ""),
    ("phone", 13812345678),                # wrong type
])
def test_bad_employee_data_names_the_field_and_changes_nothing(make_enterprise, field, value):
    e = make_enterprise()
    payload = {"name": "张伟", "id_number": "11010519491231002X", "phone": "13812345678", field: value}
    res = e.admin.post("/api/employees", json=payload)
    assert 400 <= res.status_code < 500
    assert field in res.get_json()["error"]["fields"]
    assert Employee.query.count() == 0


def test_duplicate_id_within_enterprise_refused_but_allowed_elsewhere(make_enterprise):
    a, b = make_enterprise(), make_enterprise()
    payload = {"name": "张伟", "id_number": "11010519491231002X", "phone": "13812345678"}
    assert a.admin.post("/api/employees", json=payload).status_code == 201
    res = a.admin.post("/api/employees", json=payload)
    assert res.status_code == 422 and "id_number" in res.get_json()["error"]["fields"]
    assert b.admin.post("/api/employees", json=payload).status_code == 201
    assert Employee.query.count() == 2


def test_search_by_name_phone_and_id_with_pagination(make_enterprise, make_employee):
    e = make_enterprise()
    people = [make_employee(e, f"员工{i:02d}") for i in range(25)]
    page1 = e.admin.get("/api/employees").get_json()
    assert page1["total"] == 25 and len(page1["items"]) == 20
    assert len(e.admin.get("/api/employees?page=2").get_json()["items"]) == 5
    assert e.admin.get("/api/employees?q=员工03").get_json()["total"] == 1
    assert e.admin.get(f"/api/employees?q={people[7]['phone']}").get_json()["items"][0]["name"] == "员工07"
    assert e.admin.get(f"/api/employees?q={people[8]['id_number']}").get_json()["items"][0]["name"] == "员工08"


def test_edit_and_disable(make_enterprise, make_employee):
    e = make_enterprise()
    emp = make_employee(e)
    res = e.admin.patch(f"/api/employees/{emp['id']}", json={"name": "张三丰", "status": "disabled"})
    assert res.get_json()["name"] == "张三丰" and res.get_json()["status"] == "disabled"
    res = e.admin.patch(f"/api/employees/{emp['id']}", json={"phone": "12345"})
    assert res.status_code == 422


def test_csv_import_reports_bad_lines_and_imports_the_rest(make_enterprise):
    e = make_enterprise()
    good1, good2 = make_id_number(), make_id_number()
    csv = (f"name,id_number,phone\n张伟,{good1},13812340001\n"
           f"李娜,110105194912310021,13812340002\n"
           f"\"王芳\",{good2},13812340003\n"
           "only,two\n"
           f"赵六,{make_id_number()},010-1234567\n")
    res = e.admin.post("/api/employees/import", data={"file": (__import__("io").BytesIO(csv.encode()), "e.csv")},
                       content_type="multipart/form-data")
    body = res.get_json()
    assert res.status_code == 200
    assert body["created"] == 2
    assert [(err["line"], sorted(err["fields"])) for err in body["errors"]] == [
        (3, ["id_number"]), (5, ["line"]), (6, ["phone"])]
    assert sorted(emp.name for emp in Employee.query.all()) == ["张伟", "王芳"]


@pytest.mark.parametrize("encoding, bom", [("gbk", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_csv_import_reads_gbk_and_utf8_bom(make_enterprise, encoding, bom):
    import io
    e = make_enterprise()
    csv = f"姓名,身份证号,手机号\n欧阳娜娜,{make_id_number()},13812340009\n".encode(encoding)
    res = e.admin.post("/api/employees/import", data={"file": (io.BytesIO(bom + csv), "e.csv")},
                       content_type="multipart/form-data")
    assert res.get_json() == {"created": 1, "errors": []}
    assert Employee.query.one().name == "欧阳娜娜"


def test_activation_by_sms_code(make_enterprise, make_employee, client, sms_messages):
    e = make_enterprise()
    emp = make_employee(e, "李雷", active=False)
    assert e.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    invite = sms_messages()[-1]
    assert invite["to"] == emp["phone"] and invite["template"] == "activation"
    token = invite["params"]["link"].rsplit("/", 1)[-1]
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    code = sms_messages()[-1]["params"]["code"]
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": "000000" if code != "000000" else "111111"})
    assert res.status_code == 422
    res = client.post(f"/api/activation/{token}/verify", json={"sms_code": code})
    assert res.status_code == 200 and res.get_json()["status"] == "active"
    assert client.post(f"/api/activation/{token}/verify", json={"sms_code": code}).status_code == 404


def test_an_employees_language_is_chosen_shown_and_used_for_their_invitation(make_enterprise, sms_messages):
    e = make_enterprise()
    res = e.admin.post("/api/employees", json={"name": "Anna Schmidt", "id_type": "passport", "id_country": "DE",
                                               "id_number": "C01X00T47", "phone": "+4915123456789", "language": "en"})
    assert res.status_code == 201 and res.get_json()["language"] == "en"
    emp_id = res.get_json()["id"]
    assert e.admin.post(f"/api/employees/{emp_id}/invite").status_code == 200
    assert sms_messages()[-1]["template"] == "activation@en"
    # null: back to the enterprise's language (Chinese here), for the next invitation too.
    res = e.admin.patch(f"/api/employees/{emp_id}", json={"language": None})
    assert res.status_code == 200 and res.get_json()["language"] is None
    assert e.admin.post(f"/api/employees/{emp_id}/invite").status_code == 200
    assert sms_messages()[-1]["template"] == "activation"
    assert e.admin.get(f"/api/employees/{emp_id}").get_json()["language"] is None


def test_an_unknown_language_is_refused_and_changes_nothing(make_enterprise, make_employee):
    e = make_enterprise()
    res = e.admin.post("/api/employees", json={"name": "张伟", "id_number": "11010519491231002X",
                                               "phone": "13812345678", "language": "fr"})
    assert res.status_code == 422 and "language" in res.get_json()["error"]["fields"]
    assert Employee.query.count() == 0
    emp = make_employee(e)
    assert e.admin.patch(f"/api/employees/{emp['id']}", json={"language": "en"}).status_code == 200
    res = e.admin.patch(f"/api/employees/{emp['id']}", json={"language": "de", "name": "王五"})
    assert res.status_code == 422 and "language" in res.get_json()["error"]["fields"]
    shown = e.admin.get(f"/api/employees/{emp['id']}").get_json()
    assert shown["language"] == "en" and shown["name"] != "王五"
