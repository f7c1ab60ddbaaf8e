"""Each role sees only its own pages."""
import pytest

OPERATOR_PAGES = ("/admin/enterprises", "/admin/approvals")
ADMIN_PAGES = ("/admin/signing", "/admin/employees", "/admin/seals", "/admin/accounts", "/admin/invitations")
MEETING_PAGES = ("/admin/meetings", "/admin/meetings/new")


@pytest.mark.parametrize("url", OPERATOR_PAGES + ADMIN_PAGES)
def test_organizer_is_refused_operator_and_admin_pages(pages, make_enterprise, url):
    pages.sign_in_as(make_enterprise(), role="organizer")
    res = pages.get(url)
    assert res.status_code == 403
    assert "无权访问" in res.get_data(as_text=True)


def test_organizer_cannot_approve_by_posting(pages, make_enterprise):
    made = make_enterprise(approved=False)
    pages.sign_in_as(made, role="organizer")
    assert pages.post(f"/admin/approvals/{made.id}", {"decision": "approve"}).status_code == 403


@pytest.mark.parametrize("url", OPERATOR_PAGES)
def test_admin_is_refused_operator_pages(pages, make_enterprise, url):
    pages.sign_in_as(make_enterprise())
    assert pages.get(url).status_code == 403


@pytest.mark.parametrize("url", ADMIN_PAGES + MEETING_PAGES)
def test_operator_is_refused_enterprise_pages(pages, operator, url):
    pages.sign_in("op")
    assert pages.get(url).status_code == 403


def test_nav_shows_only_the_roles_pages(pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made, role="organizer")
    body = pages.get("/admin/meetings").get_data(as_text=True)
    assert "我的预约" in body and "员工管理" not in body and "开通审批" not in body
    pages.sign_in_as(made)
    body = pages.get("/admin/meetings").get_data(as_text=True)
    assert "员工管理" in body and "开通审批" not in body


def test_organizer_adds_no_accounts_but_admin_does(pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made)
    res = pages.post("/admin/accounts", {"username": "org-new", "password": "password-123"})
    assert res.status_code == 302 and "org-new" in pages.get("/admin/accounts").get_data(as_text=True)
    res = pages.post("/admin/accounts", {"username": "org-new", "password": "password-123"})
    assert res.status_code == 422 and "用户名已被使用" in res.get_data(as_text=True)
