from backend.core.extensions import db
from backend.models import Enterprise
from tests.support import make_credit_code


def test_operator_onboards_enterprise_with_admin(operator, client):
    res = operator.post("/api/enterprises", json={"name": "北京星河科技有限公司", "credit_code": make_credit_code(),
                                                  "admin": {"username": "xinghe", "password": "password-123"}})
    assert res.status_code == 201
    assert res.get_json()["signing_status"] == "none"
    assert client.post("/api/auth/login", json={"username": "xinghe", "password": "password-123"}).status_code == 200


def test_bad_credit_code_names_the_field_and_creates_nothing(operator):
    code = make_credit_code()
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    res = operator.post("/api/enterprises", json={"name": "坏代码公司", "credit_code": bad,
                                                  "admin": {"username": "bad1", "password": "password-123"}})
    assert res.status_code == 422
    assert "credit_code" in res.get_json()["error"]["fields"]
    assert Enterprise.query.count() == 0


def test_legal_name_is_unique(operator, make_enterprise):
    e = make_enterprise()
    res = operator.post("/api/enterprises", json={"name": e.name, "credit_code": make_credit_code(),
                                                  "admin": {"username": "dup-admin", "password": "password-123"}})
    assert res.status_code == 422
    assert "name" in res.get_json()["error"]["fields"]


def test_whitelist_flow_apply_reject_apply_approve(operator, make_enterprise):
    e = make_enterprise(approved=False)
    assert e.admin.get(f"/api/enterprises/{e.id}").get_json()["signing_status"] == "none"
    res = e.admin.post(f"/api/enterprises/{e.id}/strategic-signing",
                       json={"contact_name": "王经理", "contact_phone": "13912345678"})
    assert res.get_json() == {"status": "pending"}
    queue = operator.get("/api/enterprises?status=pending").get_json()
    assert [x["id"] for x in queue] == [e.id]
    res = operator.post(f"/api/enterprises/{e.id}/strategic-signing/decision", json={"approve": False})
    assert res.status_code == 422 and "reason" in res.get_json()["error"]["fields"]
    res = operator.post(f"/api/enterprises/{e.id}/strategic-signing/decision",
                        json={"approve": False, "reason": "材料不全"})
    assert res.get_json()["status"] == "rejected"
    assert e.admin.get(f"/api/enterprises/{e.id}").get_json()["signing_reason"] == "材料不全"
    e.admin.post(f"/api/enterprises/{e.id}/strategic-signing", json={"contact_name": "王经理",
                                                                     "contact_phone": "13912345678"})
    res = operator.post(f"/api/enterprises/{e.id}/strategic-signing/decision", json={"approve": True})
    assert res.get_json()["status"] == "approved"


def test_decision_needs_a_boolean(operator, make_enterprise):
    e = make_enterprise(approved=False)
    res = operator.post(f"/api/enterprises/{e.id}/strategic-signing/decision", json={"approve": "yes"})
    assert res.status_code == 422 and "approve" in res.get_json()["error"]["fields"]


def test_organizer_and_admin_cannot_approve(make_enterprise):
    e = make_enterprise(approved=False)
    e.admin.post(f"/api/enterprises/{e.id}/strategic-signing", json={"contact_name": "王", "contact_phone": "13912345678"})
    for who in (e.admin, e.organizer):
        res = who.post(f"/api/enterprises/{e.id}/strategic-signing/decision", json={"approve": True})
        assert res.status_code == 403
    assert db.session.get(Enterprise, e.id).signing_status == "pending"


def test_admin_cannot_see_or_apply_for_another_enterprise(make_enterprise):
    a, b = make_enterprise(approved=False), make_enterprise(approved=False)
    assert a.admin.get(f"/api/enterprises/{b.id}").status_code == 404
    res = a.admin.post(f"/api/enterprises/{b.id}/strategic-signing", json={"contact_name": "x", "contact_phone": "13912345678"})
    assert res.status_code == 404
