"""The operator's enterprise list and approval queue, driven through the pages."""
from backend.core.extensions import db
from backend.models import Enterprise
from tests.support import make_credit_code


def test_operator_creates_an_enterprise(pages, operator):
    pages.sign_in("op")
    res = pages.post("/admin/enterprises", {"name": "北京星河科技有限公司", "credit_code": make_credit_code(),
                                            "admin_username": "xinghe", "admin_password": "password-123"})
    assert res.status_code == 302
    body = pages.get("/admin/enterprises").get_data(as_text=True)
    assert "北京星河科技有限公司" in body and "已创建企业" in body


def test_bad_credit_code_is_shown_next_to_its_field(pages, operator):
    pages.sign_in("op")
    res = pages.post("/admin/enterprises", {"name": "坏代码公司", "credit_code": "123",
                                            "admin_username": "bad", "admin_password": "password-123"})
    body = res.get_data(as_text=True)
    assert res.status_code == 422
    assert 'class="field has-error"' in body and "坏代码公司" in body  # the typed name is kept
    assert Enterprise.query.count() == 0


def test_short_admin_username_is_refused(pages, operator):
    pages.sign_in("op")
    res = pages.post("/admin/enterprises", {"name": "短名公司", "credit_code": make_credit_code(),
                                            "admin_username": "x", "admin_password": "password-123"})
    assert res.status_code == 422 and "用户名应为3–64个字符" in res.get_data(as_text=True)
    assert Enterprise.query.count() == 0


def test_approval_through_the_pages(pages, make_enterprise):
    made = make_enterprise(approved=False)
    pages.sign_in_as(made)
    res = pages.post("/admin/signing", {"contact_name": "王经理", "contact_phone": "13912345678"})
    assert res.status_code == 302
    assert "待审批" in pages.get("/admin/signing").get_data(as_text=True)

    pages.sign_in("op")
    queue = pages.get("/admin/approvals").get_data(as_text=True)
    assert made.name in queue and "王经理" in queue
    res = pages.post(f"/admin/approvals/{made.id}", {"decision": "approve"})
    assert res.status_code == 302
    assert db.session.get(Enterprise, made.id).signing_status == "approved"
    assert "已通过" in pages.get("/admin/approvals").get_data(as_text=True)


def test_rejection_needs_a_reason_and_the_admin_sees_it(pages, make_enterprise):
    made = make_enterprise(approved=False)
    pages.sign_in_as(made)
    pages.post("/admin/signing", {"contact_name": "王经理", "contact_phone": "13912345678"})

    pages.sign_in("op")
    pages.post(f"/admin/approvals/{made.id}", {"decision": "reject", "reason": ""})
    assert "驳回时请填写原因" in pages.get("/admin/approvals").get_data(as_text=True)
    assert db.session.get(Enterprise, made.id).signing_status == "pending"
    pages.post(f"/admin/approvals/{made.id}", {"decision": "reject", "reason": "资质材料不全"})

    pages.sign_in_as(made)
    body = pages.get("/admin/signing").get_data(as_text=True)
    assert "已驳回" in body and "资质材料不全" in body and "重新申请" in body


def test_apply_with_a_landline_shows_the_field_error(pages, make_enterprise):
    made = make_enterprise(approved=False)
    pages.sign_in_as(made)
    res = pages.post("/admin/signing", {"contact_name": "王经理", "contact_phone": "010-12345678"})
    assert res.status_code == 422
    assert "手机号码" in res.get_data(as_text=True)
    assert db.session.get(Enterprise, made.id).signing_status == "none"


def test_deciding_twice_is_a_message_not_a_crash(pages, make_enterprise):
    made = make_enterprise()  # already approved
    pages.sign_in("op")
    res = pages.post(f"/admin/approvals/{made.id}", {"decision": "approve"})
    assert res.status_code == 302
    assert "没有待审批的申请" in pages.get("/admin/approvals").get_data(as_text=True)
