"""Two app nodes with their own DATA_DIR and one database, one S3 store (moto over HTTP) and one CA file."""
import io

import pytest

from backend.services import jobs
from tests.support import Api


@pytest.fixture
def node_a(multi_node_store):
    """The session app, switched onto the shared store and CA file."""
    return multi_node_store


@pytest.fixture
def node_b(app, node_a, tmp_path, s3_endpoint, platform_ca_pem):
    """A second app: another DATA_DIR, the same DATABASE_URL, STORAGE_URL, CA file and SECRET_KEY."""
    from backend.app import create_app
    from backend.core.extensions import db

    other = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "node-b"), "SECRET_KEY": app.config["SECRET_KEY"],
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "RUN_WORKER": False,
                        "STORAGE_URL": node_a, "S3_ENDPOINT_URL": s3_endpoint, "PLATFORM_CA_FILE": str(platform_ca_pem),
                        "SMS_BACKEND": "file", "SMS_FILE_PATH": str(tmp_path / "node-b-sms.jsonl"),
                        "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"]})
    yield other
    with other.app_context():
        db.engine.dispose()


def test_a_second_node_verifies_and_serves_what_the_first_stored(node_a, node_b, booked, tmp_path):
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()  # node A's worker completes the contract with the CA from the file
    mid = c.meeting["id"]
    on_a = {path: c.other.admin.get(f"/api/contracts/{mid}{path}") for path in ("/pdf", "/audit.pdf")}
    seal_id = c.other.admin.get("/api/seals").get_json()[0]["id"]
    seal_a = c.other.admin.get(f"/api/seals/{seal_id}/image.png")
    assert all(r.status_code == 200 for r in (*on_a.values(), seal_a))

    b = node_b.test_client()
    admin_b = Api(b, c.other.admin.token)
    for path, res in on_a.items():
        assert admin_b.get(f"/api/contracts/{mid}{path}").data == res.data  # byte for byte
    report = b.post("/api/verify", data={"file": (io.BytesIO(on_a["/pdf"].data), "c.pdf")},
                    content_type="multipart/form-data").get_json()
    assert report["authentic"] is True and report["known_document"] is True and report["meeting"]["id"] == mid
    trail = admin_b.get(f"/api/contracts/{mid}/audit").get_json()
    assert trail["chain_intact"] is True  # B checks A's platform checkpoints with the shared registry

    seal_b = admin_b.get(f"/api/seals/{seal_id}/image.png")
    assert seal_b.data == seal_a.data and seal_b.headers["ETag"] == seal_a.headers["ETag"]
    assert admin_b.get(f"/api/seals/{seal_id}/image.png", headers={"If-None-Match": seal_a.headers["ETag"]}
                       ).status_code == 304
    assert seal_b.headers["Cache-Control"] == seal_a.headers["Cache-Control"]

    from backend.core.resources import platform_ca
    credential_a = platform_ca().platform_credential().cert_pem
    with node_b.app_context():
        assert platform_ca().platform_credential().cert_pem == credential_a  # one platform seal, not one per node
    assert not (tmp_path / "node-b" / "files").exists() and not (tmp_path / "node-b" / "ca").exists()

