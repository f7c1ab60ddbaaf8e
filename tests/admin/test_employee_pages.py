"""The employee registry pages: add, field errors, search, pages, CSV import, invite, disable."""
from backend.models import Employee
from tests.support import make_id_number, make_phone


def test_add_employee(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    id_number, phone = make_id_number(), make_phone()
    res = pages.post("/admin/employees", {"name": "李四", "id_number": id_number, "phone": phone})
    assert res.status_code == 302
    body = pages.get("/admin/employees").get_data(as_text=True)
    assert "李四" in body and "待激活" in body
    assert id_number not in body and phone not in body  # masked only
    assert f"{phone[:3]}****{phone[-4:]}" in body


def test_bad_id_number_is_shown_next_to_the_field(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    bad = make_id_number()[:-1] + ("0" if make_id_number()[-1] != "0" else "1")
    res = pages.post("/admin/employees", {"name": "李四", "id_number": bad[:17] + "Z", "phone": make_phone()})
    body = res.get_data(as_text=True)
    assert res.status_code == 422
    assert 'class="field has-error"' in body and 'class="field-error"' in body
    assert 'value="李四"' in body  # what was typed stays in the form
    assert Employee.query.count() == 0


def test_add_a_passport_holder_with_a_phone_outside_the_mainland(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    res = pages.post("/admin/employees", {"name": "Anna Schmidt", "id_type": "passport", "id_number": "C01X00T47",
                                          "id_country": "de", "phone": "+49 1512 3456789"})
    assert res.status_code == 302
    body = pages.get("/admin/employees").get_data(as_text=True)
    assert "*****0T47" in body and "护照 DE" in body and "+49*******6789" in body
    assert "C01X00T47" not in body and "3456789" not in body
    res = pages.post("/admin/employees", {"name": "陈大文", "id_type": "hk_mo_permit", "id_number": "H1234567",
                                          "phone": "+85291234567"})
    assert res.status_code == 422 and "港澳通行证号码应为H或M加8位数字" in res.get_data(as_text=True)
    assert 'value="H1234567"' in res.get_data(as_text=True)  # what was typed stays in the form


def test_duplicate_id_number_names_the_field(pages, make_enterprise, make_employee):
    made = make_enterprise()
    existing = make_employee(made)
    pages.sign_in_as(made)
    res = pages.post("/admin/employees", {"name": "重复", "id_number": existing["id_number"], "phone": make_phone()})
    assert res.status_code == 422 and "该身份证号码已登记" in res.get_data(as_text=True)


def test_search_and_pagination(pages, make_enterprise, make_employee):
    made = make_enterprise()
    for i in range(22):
        make_employee(made, f"员工{i:02d}")
    target = make_employee(made, "赵敏")
    pages.sign_in_as(made)
    first = pages.get("/admin/employees").get_data(as_text=True)
    assert "第 1 / 2 页" in first and "员工00" in first and "赵敏" not in first
    second = pages.get("/admin/employees?page=2").get_data(as_text=True)
    assert "赵敏" in second
    assert "赵敏" in pages.get("/admin/employees?q=赵").get_data(as_text=True)
    by_phone = pages.get(f"/admin/employees?q={target['phone']}").get_data(as_text=True)
    assert "赵敏" in by_phone and "员工00" not in by_phone
    assert pages.get("/admin/employees?page=abc").status_code == 200


def test_csv_import_reports_each_bad_line(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    csv_text = ("姓名,身份证号,手机号\n"
                f"王五,{make_id_number()},{make_phone()}\n"
                f"坏号,{make_id_number()[:17]},{make_phone()}\n"
                "少列,123\n"
                f"赵六,{make_id_number()},010-1234567\n"
                f"孙七,{make_id_number()},{make_phone()}\n").encode("gbk")
    from io import BytesIO
    res = pages.post("/admin/employees/import", {"file": (BytesIO(csv_text), "staff.csv")},
                     content_type="multipart/form-data")
    body = res.get_data(as_text=True)
    assert res.status_code == 200
    assert "成功导入 2 人" in body and "3 行有误" in body
    for line in ("第 3 行", "第 4 行", "第 5 行"):
        assert line in body
    assert Employee.query.count() == 2


def test_csv_import_without_a_file_is_a_message(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    res = pages.post("/admin/employees/import", {}, content_type="multipart/form-data")
    assert res.status_code == 422 and "请选择要导入的CSV文件" in res.get_data(as_text=True)


def test_invite_sends_an_sms_and_disable_works(pages, make_enterprise, make_employee, sms_messages):
    made = make_enterprise()
    employee = make_employee(made, "周八", active=False)
    pages.sign_in_as(made)
    res = pages.post(f"/admin/employees/{employee['id']}/invite")
    assert res.status_code == 302
    assert "已向「周八」发送激活短信" in pages.get("/admin/employees").get_data(as_text=True)
    assert [m["to"] for m in sms_messages()][-1] == employee["phone"]

    pages.post(f"/admin/employees/{employee['id']}/status", {"status": "disabled"})
    assert "已停用" in pages.get("/admin/employees").get_data(as_text=True)
    from backend.core.extensions import db
    assert db.session.get(Employee, employee["id"]).status == "disabled"


def test_another_enterprises_employee_is_not_found(pages, make_enterprise, make_employee):
    other = make_employee(make_enterprise())
    pages.sign_in_as(make_enterprise())
    pages.post(f"/admin/employees/{other['id']}/status", {"status": "disabled"})
    assert "员工不存在" in pages.get("/admin/employees").get_data(as_text=True)
