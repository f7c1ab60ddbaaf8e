"""Shared fixtures: one app per session, a clean database per test, factories for the registry."""
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support import (  # noqa: F401
    Signer,
    _counter,
    add_document_with_controls,
    iso,
    login,
    make_credit_code,
    make_id_number,
    make_pdf,
    make_phone,
)


def _database_url(data_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{data_dir / 'test.sqlite'}"
    if "test" not in url.rsplit("/", 1)[-1]:
        raise RuntimeError("tests wipe the database: DATABASE_URL must name a database containing 'test'")
    return url


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server over HTTP for the session (bucket `signstage-test`), with dummy AWS credentials set."""
    from tests.s3_fake import fake_s3
    with fake_s3() as endpoint:
        yield endpoint


@pytest.fixture(scope="session")
def platform_ca_pem(tmp_path_factory) -> Path:
    """A platform CA as one PEM file (issuing key, issuing certificate, root), as PLATFORM_CA_FILE takes it."""
    from backend.lib.pdf.ca import PlatformCA
    folder = tmp_path_factory.mktemp("ca-source")
    PlatformCA.load_or_create(str(folder))
    path = folder / "platform-ca.pem"
    path.write_bytes(b"".join((folder / name).read_bytes() for name in ("issuing.key", "issuing.pem", "root.pem")))
    return path


def _storage_config(request, data_dir: Path) -> dict:
    # TEST_STORAGE=s3 runs the whole suite with its files in moto's S3 (and, as every multi-node
    # deployment must, with the platform CA from a file).
    if os.environ.get("TEST_STORAGE", "fs") != "s3":
        return {}
    return {"STORAGE_URL": f"s3://signstage-test/run-{data_dir.name}", "S3_ENDPOINT_URL": request.getfixturevalue("s3_endpoint"),
            "PLATFORM_CA_FILE": str(request.getfixturevalue("platform_ca_pem"))}


@pytest.fixture
def multi_node_store(app, monkeypatch, s3_endpoint, platform_ca_pem) -> str:
    """The session app switched onto moto's S3 and the CA file, as every node of a multi-node deployment runs.

    Returns the STORAGE_URL the other nodes must use.
    """
    import secrets

    from backend.core.resources import configured_ca
    from backend.core.storage import make_store

    url = f"s3://signstage-test/nodes-{secrets.token_hex(4)}"
    store = make_store(url, endpoint_url=s3_endpoint)
    ext = app.extensions["signstage"]
    monkeypatch.setitem(ext, "files", store)
    monkeypatch.setitem(ext, "ca", configured_ca({"PLATFORM_CA_FILE": str(platform_ca_pem),
                                                   "SECRET_KEY": app.config["SECRET_KEY"]}, store))
    return url


@pytest.fixture(scope="session")
def _app(tmp_path_factory, request):
    from flask_migrate import upgrade

    from backend.app import create_app
    from backend.core.extensions import db

    data_dir = tmp_path_factory.mktemp("data")
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SECRET_KEY": "test-secret-key",
                      "SQLALCHEMY_DATABASE_URI": _database_url(data_dir), "SMS_BACKEND": "file",
                      "SMS_FILE_PATH": str(data_dir / "sms.jsonl"), "RUN_WORKER": False, "FAST_PASSWORD_HASHING": True,
                      "PUBLIC_BASE_URL": "http://signstage.test", **_storage_config(request, data_dir)})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()  # the real migrations build the test schema
    return app


@pytest.fixture
def app(_app):
    """The app, inside an app context; every table and every rate-limit counter is emptied afterwards."""
    from backend.core.extensions import db, limiter

    ctx = _app.app_context()
    ctx.push()
    yield _app
    db.session.rollback()
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    limiter.reset()
    sms_path = Path(_app.config["SMS_FILE_PATH"])
    if sms_path.exists():
        sms_path.unlink()
    ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sms_messages(app):
    """Read the messages the file SMS backend has written so far."""
    def read() -> list[dict]:
        path = Path(app.config["SMS_FILE_PATH"])
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return read


@pytest.fixture
def operator(app, client):
    """An Api signed in as a platform operator."""
    from backend.core.extensions import db
    from backend.services.accounts import create_user
    create_user("op", "password-123", "operator", None)
    db.session.commit()
    return login(client, "op")


@pytest.fixture
def make_enterprise(app, client, operator):
    """Create an enterprise (approved by default); returns a namespace with its admin Api."""
    class Made:
        pass

    def make(name: str | None = None, approved: bool = True):
        n = next(_counter)
        name = name or f"测试企业{n}有限公司"
        res = operator.post("/api/enterprises", json={
            "name": name, "credit_code": make_credit_code(n),
            "admin": {"username": f"admin{n}", "password": "password-123"}})
        assert res.status_code == 201, res.get_json()
        made = Made()
        made.id, made.name = res.get_json()["id"], name
        made.admin = login(client, f"admin{n}")
        if approved:
            assert made.admin.post(f"/api/enterprises/{made.id}/strategic-signing",
                                   json={"contact_name": "联系人", "contact_phone": "13700000000"}).status_code == 200
            assert operator.post(f"/api/enterprises/{made.id}/strategic-signing/decision",
                                 json={"approve": True}).status_code == 200
        res = made.admin.post("/api/users", json={"username": f"org{n}", "password": "password-123"})
        assert res.status_code == 201, res.get_json()
        made.organizer = login(client, f"org{n}")
        return made
    return make


@pytest.fixture
def make_employee(app):
    """Register an employee through the API; returns its JSON plus the clear ID number and phone."""
    def make(enterprise, name: str = "张三", *, active: bool = True, id_number=None, phone=None):
        id_number, phone = id_number or make_id_number(), phone or make_phone()
        res = enterprise.admin.post("/api/employees", json={"name": name, "id_number": id_number, "phone": phone})
        assert res.status_code == 201, res.get_json()
        body = res.get_json()
        if active:
            from backend.core.extensions import db
            from backend.models import Employee
            db.session.get(Employee, body["id"]).status = "active"
            db.session.commit()
        body.update(id_number=id_number, phone=phone)
        return body
    return make


@pytest.fixture
def ceremony(make_enterprise, make_employee):
    """Two enterprises with two signers each, a host, a seal each, and a draft meeting."""
    class Ceremony:
        pass

    def make(starts_in=timedelta(hours=2), length=timedelta(hours=2), signers_per_enterprise=2):
        c = Ceremony()
        c.org, c.other = make_enterprise(), make_enterprise()
        c.host_emp = make_employee(c.org, "主持人")
        c.staff = {c.org.id: [], c.other.id: []}
        for e in (c.org, c.other):
            seal = e.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
            for i in range(signers_per_enterprise):
                emp = make_employee(e, f"签署人{i}")
                e.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"]})
                c.staff[e.id].append(emp)
        api = c.org.organizer
        c.api = api
        c.meeting = api.post("/api/meetings", json={"name": "战略合作签约仪式", "starts_at": iso(starts_in),
                                                    "ends_at": iso(starts_in + length)}).get_json()
        mid = c.meeting["id"]
        c.host = api.post(f"/api/meetings/{mid}/participants", json={
            "role": "host", "name": "主持人", "id_number": c.host_emp["id_number"],
            "phone": c.host_emp["phone"]}).get_json()
        c.signers = []
        for e in (c.org, c.other):
            for emp in c.staff[e.id]:
                res = api.post(f"/api/meetings/{mid}/participants", json={
                    "role": "signer", "name": emp["name"], "id_number": emp["id_number"], "phone": emp["phone"],
                    "enterprise_name": e.name})
                assert res.status_code == 201, res.get_json()
                c.signers.append(res.get_json())
        return c

    return make


@pytest.fixture
def booked(ceremony, sms_messages, client, app):
    """A booked meeting starting in 10 minutes (signing open), with a Signer per signer."""
    def make(signers_per_enterprise=1, pages=2, starts_in=timedelta(minutes=10)):
        c = ceremony(starts_in=starts_in, signers_per_enterprise=signers_per_enterprise)
        c.doc = add_document_with_controls(c, make_pdf(pages=pages))
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
        assert res.status_code == 200, res.get_json()
        c.result_url = res.get_json()["result_url"]
        people = {e["id_number"]: e for staff in c.staff.values() for e in staff}
        c.phones = []
        for s in c.signers:
            from backend.core.extensions import db
            from backend.models import Participant
            p = db.session.get(Participant, s["id"])
            info = next(e for e in people.values() if e["name"] == s["name"] and e["phone"][-4:] == s["phone_masked"][-4:])
            c.phones.append(Signer(app.test_client(), info, p.scene_token, sms_messages))
        return c
    return make
