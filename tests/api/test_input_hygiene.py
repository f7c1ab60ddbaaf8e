"""Control characters in any text are a 422 naming the field, and never reach the database.

PostgreSQL cannot store NUL in text at all (a 500 before this rule); every test here also checks
that no SQL statement carried the character, so the answer is the same on either database.
"""
import io
import re

import pytest
from sqlalchemy import event

from backend.core.extensions import db
from backend.models import AdminUser, Employee, Seal
from tests.support import make_id_number, make_pdf, make_phone

NUL, DEL, CSI, BELL = "\x00", "\x7f", "\x9b", "\x07"


@pytest.fixture
def statements(app):
    """Every parameter SQLAlchemy sends to the database while the test runs."""
    sent = []

    def flatten(value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            for item in value:
                yield from flatten(item)
        else:
            yield value

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.extend(flatten(parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db.engine, "before_cursor_execute", record)


def never_stored(statements, *chars):
    return not any(isinstance(v, str) and any(c in v for c in chars) for v in statements)


def refused(res, field):
    assert res.status_code == 422, res.get_data(as_text=True)
    error = res.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    return error


@pytest.mark.parametrize("char", [NUL, DEL, CSI, BELL, "\x1b"])
def test_query_string(make_enterprise, statements, char):
    e = make_enterprise()
    statements.clear()
    refused(e.admin.get("/api/employees", query_string={"q": f"张{char}"}), "q")
    assert never_stored(statements, char)


def test_query_string_percent_encoded_nul(make_enterprise, statements):
    e = make_enterprise()
    statements.clear()
    refused(e.admin.get("/api/employees?q=%00"), "q")
    assert never_stored(statements, NUL)


def test_path_parameter(make_enterprise, statements):
    e = make_enterprise()
    statements.clear()
    refused(e.admin.get("/api/employees/ab%00cd"), "employee_id")
    assert never_stored(statements, NUL)


def test_json_field_changes_nothing(make_enterprise, make_employee, statements):
    e = make_enterprise()
    emp = make_employee(e, "张三")
    statements.clear()
    refused(e.admin.patch(f"/api/employees/{emp['id']}", json={"name": "张\u0000三"}), "name")
    assert never_stored(statements, NUL)
    assert db.session.get(Employee, emp["id"]).name == "张三"


def test_nested_json_names_the_path(operator, statements):
    statements.clear()
    res = operator.post("/api/enterprises", json={"name": "某公司", "credit_code": "91110108MA01C2U47B",
                                                  "admin": {"username": "ad\u0000min", "password": "password-123"}})
    refused(res, "admin.username")
    assert never_stored(statements, NUL)


def test_json_list_item_and_dict_key(booked, statements):
    c = booked()
    phone = c.phones[0].login()
    assert phone.verify_by_sms().status_code == 200
    statements.clear()
    refused(phone.post("/sign", json={"signature_png": "x", "seals": {"con\u0000trol": "seal"}}), "seals.con\u0000trol")
    refused(c.api.put(f"/api/documents/{c.doc['id']}/controls", json=[{"page": 1, "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.1,
                                                                      "kind": "seal", "participant_id": "a\u0000"}]),
            "0.participant_id")
    assert never_stored(statements, NUL)


def test_lone_surrogate_in_json_is_refused(make_enterprise, statements):
    # JSON can carry "\ud800", which no database encoding can write out.
    e = make_enterprise()
    statements.clear()
    res = e.admin.post("/api/employees", data='{"name": "\\ud800", "id_number": "x", "phone": "y"}',
                       content_type="application/json")
    refused(res, "name")


def test_tab_and_newline_are_text(booked):
    c = booked()
    phone = c.phones[0].login()
    assert phone.verify_by_sms().status_code == 200
    assert phone.post("/decline", json={"reason": "时间冲突\n\t改期再签"}).status_code == 200


def test_multipart_field(make_enterprise, statements):
    e = make_enterprise()
    statements.clear()
    res = e.admin.post("/api/seals", data={"name": f"合同{NUL}章", "kind": "contract",
                                           "image": (io.BytesIO(b"\x89PNG"), "seal.png")},
                       content_type="multipart/form-data")
    refused(res, "name")
    assert never_stored(statements, NUL) and Seal.query.count() == 0


def test_uploaded_file_name(ceremony, statements):
    c = ceremony()
    statements.clear()
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/documents",
                     data={"file": (io.BytesIO(make_pdf()), f"合同{NUL}.pdf")}, content_type="multipart/form-data")
    refused(res, "file")
    assert never_stored(statements, NUL)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_import_contents(make_enterprise, statements, encoding):
    e = make_enterprise()
    good = f"李四,{make_id_number()},{make_phone()}\r\n"
    bad = f"王{NUL}五,{make_id_number()},{make_phone()}\r\n"
    statements.clear()
    res = e.admin.post("/api/employees/import", data={"file": (io.BytesIO((good + bad).encode(encoding)), "staff.csv")},
                       content_type="multipart/form-data")
    error = refused(res, "file")
    assert "2" in error["message"]  # the line
    assert never_stored(statements, NUL) and Employee.query.count() == 0


def test_stored_header(booked, statements):
    c = booked()
    phone = c.phones[0].login()
    assert phone.verify_by_sms().status_code == 200
    statements.clear()
    res = phone.post("/sign", json={"signature_png": "x"}, headers={"Idempotency-Key": f"k{BELL}1"})
    refused(res, "Idempotency-Key")
    assert never_stored(statements, BELL)


def test_screen_host_layout_json(booked, statements):
    c = booked()
    token = c.result_url.rstrip("/").rsplit("/", 1)[-1]
    statements.clear()
    res = c.api.client.put(f"/screen/{token}/layout", json={"seats": [{"participant_id": f"p{NUL}", "x": 0.1, "y": 0.1}]},
                           headers={"X-Host-Token": "whatever"})
    refused(res, "seats.0.participant_id")
    assert never_stored(statements, NUL)


def test_admin_form_answers_a_422_page_not_a_500(app, make_enterprise, statements):
    e = make_enterprise()
    pages = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', pages.get("/admin/login").get_data(as_text=True)).group(1)
    admin = AdminUser.query.filter_by(enterprise_id=e.id, role="admin").first()
    assert pages.post("/admin/login", data={"csrf_token": token, "username": admin.username,
                                            "password": "password-123"}).status_code == 302
    statements.clear()
    res = pages.post("/admin/employees", data={"csrf_token": token, "name": f"张{NUL}三", "id_number": make_id_number(),
                                               "phone": make_phone()})
    assert res.status_code == 422
    assert "text/html" in res.content_type and "控制字符" in res.get_data(as_text=True)
    assert never_stored(statements, NUL)
    res = pages.post("/admin/login", data={"csrf_token": token, "username": f"a{NUL}", "password": "x"})
    assert res.status_code == 422
