"""Signing in and out of the admin pages, and CSRF protection of every form."""
from backend.models import Employee
from tests.support import make_id_number, make_phone


def test_sign_in_page_is_chinese(pages):
    res = pages.get("/admin/login")
    assert res.status_code == 200
    assert "登录管理后台" in res.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_sign_in(pages):
    res = pages.get("/admin/employees")
    assert res.status_code == 302
    assert res.headers["Location"].startswith("/admin/login?next=/admin/employees")


def test_wrong_password_shows_one_message(pages, operator):
    pages.get("/admin/login")
    res = pages.post("/admin/login", {"username": "op", "password": "nope-nope"})
    assert res.status_code == 401
    assert "用户名或密码错误" in res.get_data(as_text=True)


def test_sign_in_sets_session_and_lands_on_the_role_home(pages, operator):
    pages.get("/admin/login")
    res = pages.post("/admin/login?next=/admin/approvals", {"username": "op", "password": "password-123"})
    assert res.status_code == 302 and res.headers["Location"] == "/admin/approvals"
    with pages.client.session_transaction() as session:
        assert session["user_id"] and session["csrf_token"]
    assert pages.get("/admin/").headers["Location"] == "/admin/enterprises"


def test_next_never_leaves_the_admin_pages(pages, operator):
    pages.get("/admin/login")
    res = pages.post("/admin/login?next=//evil.example/", {"username": "op", "password": "password-123"})
    assert res.headers["Location"] == "/admin/"


def test_sign_out_forgets_the_session(pages, operator):
    pages.sign_in("op")
    res = pages.post("/admin/logout")
    assert res.status_code == 302
    assert pages.get("/admin/enterprises").status_code == 302


def test_sign_in_without_csrf_token_is_refused(pages, operator):
    pages.get("/admin/login")
    res = pages.post("/admin/login", {"username": "op", "password": "password-123"}, csrf=False)
    assert res.status_code == 403
    assert "CSRF" in res.get_data(as_text=True)
    with pages.client.session_transaction() as session:
        assert "user_id" not in session


def test_form_post_with_wrong_csrf_token_changes_nothing(pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made)
    res = pages.post("/admin/employees", {"name": "李四", "id_number": make_id_number(), "phone": make_phone(),
                                          "csrf_token": "forged"})
    assert res.status_code == 403
    assert Employee.query.count() == 0


def test_the_csrf_token_is_exposed_to_scripts(pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made)
    body = pages.get("/admin/meetings").get_data(as_text=True)
    assert f'<meta name="csrf-token" content="{pages.token}">' in body

