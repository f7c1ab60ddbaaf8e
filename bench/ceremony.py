"""Booked ceremonies for the benches, seeded in-process through the API (Flask's test client).

Two approved enterprises (or more), a generated seal each granted to its signers, and booked meetings
starting in 10 minutes (signing open), each signer with a seal, a signature and a date control on a
multi-page contract (4 signers' rows per page, the last page untouched).
"""
import io
from datetime import datetime, timedelta, timezone

PASSWORD = "password-123"
ROWS_PER_PAGE = 4


def iso(delta: timedelta) -> str:
    """Now plus delta, ISO 8601 in UTC."""
    return (datetime.now(timezone.utc) + delta).isoformat()


def credit_code(n: int) -> str:
    """A valid unified social credit code, unique per n."""
    from backend.lib.identity.credit_code import check_character
    first17 = f"9111010{n:010d}"[:17]
    return first17 + check_character(first17)


def id_number(n: int) -> str:
    """A valid resident ID number, unique per n below 1000."""
    from backend.lib.identity.resident_id import check_character
    first17 = f"11010119900101{n % 1000:03d}"
    return first17 + check_character(first17)


def phone(n: int) -> str:
    """A mobile number, unique per n."""
    return f"139{n:08d}"[-11:]


def pages_for(signers: int) -> int:
    """The fewest contract pages that hold this many signers' rows and leave the last page untouched."""
    return -(-signers // ROWS_PER_PAGE) + 1


def contract_pdf(pages: int) -> bytes:
    """The benches' contract: clause text on every page."""
    from contracts import contract_pdf as make  # bench/ is on sys.path when run as a script
    return make(pages, lines=40, leading=18)


class Api:
    """JSON calls through Flask's test client; anything but the expected status stops the seeding."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def call(self, method, url, expect=(200, 201), **kw):
        """One call; its JSON body."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        res = self.client.open(url, method=method, headers=headers, **kw)
        if res.status_code not in expect:
            raise RuntimeError(f"seeding: {method} {url} -> {res.status_code} {res.get_data(as_text=True)[:500]}")
        return res.get_json()


def api_login(client, username) -> Api:
    """An Api signed in as username."""
    return Api(client, Api(client).call("POST", "/api/auth/login",
                                        json={"username": username, "password": PASSWORD})["token"])


def seed(app, staff_count: int, enterprises: int, pages: int, sizes: list[int]) -> dict:
    """Enterprises, `staff_count` employees with granted seals, and one booked meeting per size (its first signers).

    Returns {"organizer": username, "meetings": [{"id", "result_token", "signers": [...]}, ...]}.
    """
    from backend.core.extensions import db
    from backend.core.resources import platform_ca
    from backend.models import Employee
    from backend.services.accounts import create_user

    client = app.test_client()
    n = iter(range(1, 10_000))
    with app.app_context():
        platform_ca()  # created once here, not raced by the server's processes
        create_user("bench-op", PASSWORD, "operator", None)
        db.session.commit()
    operator = api_login(client, "bench-op")

    companies, staff = [], []
    for e in range(enterprises):
        k = next(n)
        name = f"基准测试企业{e + 1}有限公司"
        ent = operator.call("POST", "/api/enterprises", json={
            "name": name, "credit_code": credit_code(k),
            "admin": {"username": f"bench-admin{e}", "password": PASSWORD}})
        admin = api_login(client, f"bench-admin{e}")
        admin.call("POST", f"/api/enterprises/{ent['id']}/strategic-signing",
                   json={"contact_name": "联系人", "contact_phone": "13700000000"})
        operator.call("POST", f"/api/enterprises/{ent['id']}/strategic-signing/decision", json={"approve": True})
        seal = admin.call("POST", "/api/seals", json={"generate": True, "name": "合同专用章", "kind": "contract"})
        companies.append({"id": ent["id"], "name": name, "admin": admin, "seal": seal})
    organizer_company = companies[0]
    organizer_company["admin"].call("POST", "/api/users", json={"username": "bench-org", "password": PASSWORD})
    organizer = api_login(client, "bench-org")

    def employee(company, person_name):
        k = next(n)
        info = {"name": person_name, "id_number": id_number(k), "phone": phone(k)}
        emp = company["admin"].call("POST", "/api/employees", json=info)
        with app.app_context():
            db.session.get(Employee, emp["id"]).status = "active"
            db.session.commit()
        return {**info, "employee_id": emp["id"], "enterprise": company}

    host = employee(organizer_company, "主持人")
    for i in range(staff_count):
        company = companies[i % enterprises]
        person = employee(company, f"签署人{i + 1:02d}")
        company["admin"].call("POST", f"/api/seals/{company['seal']['id']}/grants",
                              json={"employee_id": person["employee_id"]})
        staff.append(person)

    pdf = contract_pdf(pages)
    booked = [_book(app, organizer, f"签约基准{m + 1}", host, staff[:size], pdf, pages) for m, size in enumerate(sizes)]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # hold no connection (nor SQLite lock) while the server runs
    return {"meetings": booked, "organizer": "bench-org"}


def _book(app, organizer: Api, name: str, host: dict, staff: list[dict], pdf: bytes, pages: int) -> dict:
    from backend.core.extensions import db
    from backend.models import Meeting, Participant

    meeting = organizer.call("POST", "/api/meetings", json={
        "name": name, "starts_at": iso(timedelta(minutes=10)), "ends_at": iso(timedelta(hours=2))})
    mid = meeting["id"]
    organizer.call("POST", f"/api/meetings/{mid}/participants", json={
        "role": "host", "name": host["name"], "id_number": host["id_number"], "phone": host["phone"]})
    people = []
    for person in staff:
        p = organizer.call("POST", f"/api/meetings/{mid}/participants", json={
            "role": "signer", "name": person["name"], "id_number": person["id_number"],
            "phone": person["phone"], "enterprise_name": person["enterprise"]["name"]})
        people.append((p["id"], person))
    doc = organizer.call("POST", f"/api/meetings/{mid}/documents",
                         data={"file": (io.BytesIO(pdf), "战略合作协议.pdf")}, content_type="multipart/form-data")
    controls = []
    for i, (pid, _person) in enumerate(people):
        page, row = i // ROWS_PER_PAGE + 1, i % ROWS_PER_PAGE
        if page >= pages:
            raise SystemExit(f"--pages {pages} is too few for {len(staff)} signers ({ROWS_PER_PAGE} per page + 1)")
        for j, kind in enumerate(("seal", "signature", "date")):
            controls.append({"page": page, "x": 0.05 + 0.3 * j, "y": 0.05 + 0.23 * row, "w": 0.22,
                             "h": 0.15 if kind != "date" else 0.05, "kind": kind, "participant_id": pid})
    organizer.call("PUT", f"/api/documents/{doc['id']}/controls", json=controls)
    organizer.call("POST", f"/api/meetings/{mid}/book")
    with app.app_context():
        scenes = {p.id: p.scene_token for p in Participant.query.filter_by(meeting_id=mid)}
        result_token = db.session.get(Meeting, mid).result_token
    return {"id": mid, "result_token": result_token, "original_bytes": len(pdf),
            "signers": [{**person, "scene": scenes[pid], "participant_id": pid} for pid, person in people]}
