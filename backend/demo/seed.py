"""Idempotent demo data: two approved enterprises, an organizer, employees, seals and grants."""
from backend.core.extensions import db
from backend.lib.identity.resident_id import check_character
from backend.models import AdminUser, Employee, Enterprise, Seal
from backend.services import accounts, employees, enterprises, seals

PASSWORD = "signstage-demo"

ENTERPRISES = [
    {"name": "北京星河科技有限公司", "credit_code": "91110108MA01ABCD1", "admin": "xinghe-admin",
     "organizer": "xinghe-organizer",
     "employees": [("张伟", "11010119850307123", "13800138001"), ("李娜", "11010119900512234", "13800138002")]},
    {"name": "上海远航贸易有限公司", "credit_code": "91310115MA1HXYW01", "admin": "yuanhang-admin",
     "organizer": None,
     "employees": [("王芳", "31011519880824345", "13900139001"), ("刘洋", "31011519920115456", "13900139002")]},
]


def _credit_code(first17: str) -> str:
    from backend.lib.identity.credit_code import check_character as cc
    return first17 + cc(first17)


def _ensure_user(username, role, enterprise_id):
    user = AdminUser.query.filter_by(username=username).first()
    if not user:
        user = accounts.create_user(username, PASSWORD, role, enterprise_id)
        db.session.commit()
    return user


def seed_registry() -> dict:
    """Create (once) the operator, enterprises, employees, seals and grants; return what exists."""
    operator = _ensure_user("operator", "operator", None)
    out = {"operator": operator, "enterprises": []}
    for spec in ENTERPRISES:
        enterprise = Enterprise.query.filter_by(name=spec["name"]).first()
        if not enterprise:
            enterprise = enterprises.create_enterprise(operator, spec["name"], _credit_code(spec["credit_code"]),
                                                       spec["admin"], PASSWORD)
        admin = AdminUser.query.filter_by(username=spec["admin"]).first()
        if enterprise.signing_status != "approved":
            if enterprise.signing_status != "pending":
                enterprises.apply_for_signing(admin, enterprise.id, "联系人", "13700137000")
            enterprises.decide_signing(operator, enterprise.id, True, None)
        organizer = _ensure_user(spec["organizer"], "organizer", enterprise.id) if spec["organizer"] else None
        staff = []
        for name, first17, phone in spec["employees"]:
            employee = Employee.query.filter_by(enterprise_id=enterprise.id, name=name).first()
            if not employee:
                employee = employees.create_employee(admin, name, first17 + check_character(first17), phone)
                employee.status = "active"
                db.session.commit()
            staff.append((employee, first17 + check_character(first17), phone))
        seal = Seal.query.filter_by(enterprise_id=enterprise.id, kind="contract", active=True).first()
        if not seal:
            seal = seals.generate_seal(admin, "合同专用章", "contract")
        for employee, _, _ in staff:
            if not seals.active_grant(seal.id, employee.id):
                seals.grant_seal(admin, seal.id, employee.id)
        out["enterprises"].append({"enterprise": enterprise, "admin": admin, "organizer": organizer,
                                   "staff": staff, "seal": seal})
    return out


def seed(app) -> list[str]:
    """Seed and return the lines to print."""
    data = seed_registry()
    lines = ["Signstage demo data is ready.", "",
             f"Admin pages: {app.config['PUBLIC_BASE_URL']}/admin/  (password for every account: {PASSWORD})",
             "  operator: operator"]
    for item in data["enterprises"]:
        e = item["enterprise"]
        lines.append(f"  {e.name}: admin {item['admin'].username}"
                     + (f", organizer {item['organizer'].username}" if item["organizer"] else ""))
    try:
        from backend.demo.meeting import seed_meeting
        lines += seed_meeting(app, data)
    except ImportError:
        pass
    return lines
