"""Editing an employee's name and phone on the registry page."""
from backend.core.extensions import db
from backend.models import Employee
from tests.admin.conftest import text_of


def test_edit_name_keeps_the_phone(pages, make_enterprise, make_employee):
    made = make_enterprise()
    emp = make_employee(made, "李四")
    pages.sign_in_as(made)
    form = text_of(pages.get(f"/admin/employees/{emp['id']}/edit?q=李"))
    assert "修改员工「李四」" in form and 'value="李四"' in form and emp["phone"] not in form
    assert f'action="/admin/employees/{emp["id"]}/edit?q=' in form
    res = pages.post(f"/admin/employees/{emp['id']}/edit?q=李", {"name": "李四光", "phone": ""})
    assert res.status_code == 302 and "q=" in res.headers["Location"]
    db.session.expire_all()
    employee = db.session.get(Employee, emp["id"])
    assert employee.name == "李四光" and employee.status == "active"
    assert "已保存「李四光」的信息" in text_of(pages.get("/admin/employees"))


def test_new_phone_asks_for_activation_again(pages, make_enterprise, make_employee):
    made = make_enterprise()
    emp = make_employee(made, "王五")
    pages.sign_in_as(made)
    pages.get(f"/admin/employees/{emp['id']}/edit")
    res = pages.post(f"/admin/employees/{emp['id']}/edit", {"name": "王五", "phone": "13912345678"})
    assert res.status_code == 302
    body = text_of(pages.get("/admin/employees"))
    assert "请重新邀请「王五」激活" in body and "139****5678" in body
    db.session.expire_all()
    assert db.session.get(Employee, emp["id"]).status == "invited"


def test_bad_edit_is_shown_next_to_the_field(pages, make_enterprise, make_employee):
    made = make_enterprise()
    emp = make_employee(made, "赵六")
    pages.sign_in_as(made)
    pages.get(f"/admin/employees/{emp['id']}/edit")
    res = pages.post(f"/admin/employees/{emp['id']}/edit", {"name": "", "phone": "010-1234567"})
    body = text_of(res)
    assert res.status_code == 422 and body.count('class="field has-error"') == 2
    db.session.expire_all()
    assert db.session.get(Employee, emp["id"]).name == "赵六"


def test_another_enterprises_employee_cannot_be_edited(pages, make_enterprise, make_employee):
    other = make_employee(make_enterprise(), "外人")
    pages.sign_in_as(make_enterprise())
    assert pages.get(f"/admin/employees/{other['id']}/edit").status_code == 404
    assert pages.post(f"/admin/employees/{other['id']}/edit", {"name": "改名"}).status_code == 404
    assert pages.get(f"/admin/employees/{'x' * 500}/edit").status_code == 404
