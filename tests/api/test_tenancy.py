"""Each enterprise sees and changes only its own registry."""
from backend.models import Employee, SealGrant


def test_admin_cannot_touch_another_enterprises_registry(make_enterprise, make_employee):
    a, b = make_enterprise(), make_enterprise()
    emp_b = make_employee(b, "外企员工")
    seal_b = b.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    emp_a = make_employee(a)
    seal_a = a.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    grant_b = b.admin.post(f"/api/seals/{seal_b['id']}/grants", json={"employee_id": emp_b["id"]}).get_json()

    assert a.admin.get(f"/api/employees/{emp_b['id']}").status_code == 404
    assert a.admin.patch(f"/api/employees/{emp_b['id']}", json={"status": "disabled"}).status_code == 404
    assert a.admin.get(f"/api/seals/{seal_b['id']}").status_code == 404
    assert a.admin.get(f"/api/seals/{seal_b['id']}/image.png").status_code == 404
    assert a.admin.get(f"/api/seals/{seal_b['id']}/grants").status_code == 404
    assert a.admin.delete(f"/api/seals/{seal_b['id']}/grants/{grant_b['id']}").status_code == 404
    # Granting my seal to their employee, or their seal to mine.
    assert a.admin.post(f"/api/seals/{seal_a['id']}/grants", json={"employee_id": emp_b["id"]}).status_code == 404
    assert a.admin.post(f"/api/seals/{seal_b['id']}/grants", json={"employee_id": emp_a["id"]}).status_code == 404
    assert [x["name"] for x in a.admin.get("/api/employees").get_json()["items"]] == [emp_a["name"]]
    assert Employee.query.filter_by(id=emp_b["id"]).one().status == "active"
    assert SealGrant.query.filter_by(id=grant_b["id"]).one().revoked_at is None


def test_organizer_cannot_register_or_grant(make_enterprise):
    e = make_enterprise()
    res = e.organizer.post("/api/employees", json={"name": "x", "id_number": "11010519491231002X",
                                                   "phone": "13812345678"})
    assert res.status_code == 403
    assert e.organizer.post("/api/enterprises", json={}).status_code in (403, 422)
