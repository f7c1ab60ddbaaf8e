"""API keys: an enterprise admin makes them, other systems call every organizer endpoint with them."""
import json
import logging

import pytest

from backend.core.extensions import db
from tests.support import Api, add_document_with_controls, make_pdf


def _make_key(enterprise, scope="read", name="ERP集成"):
    res = enterprise.admin.post("/api/api-keys", json={"name": name, "scope": scope})
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def _as_key(client, made) -> Api:
    return Api(client, made["key"])


def test_a_key_is_shown_once_and_listed_by_its_prefix(client, make_enterprise):
    e = make_enterprise()
    made = _make_key(e)
    assert made["key"].startswith(made["prefix"] + "_") and made["prefix"].startswith("ssk_live_")
    assert made["scope"] == "read" and made["name"] == "ERP集成"
    listed = e.admin.get("/api/api-keys")
    assert listed.status_code == 200
    [row] = listed.get_json()
    assert row["prefix"] == made["prefix"] and "key" not in row and row["revoked_at"] is None
    assert made["key"].split("_", 3)[-1] not in listed.get_data(as_text=True)


def test_a_read_key_lists_contracts_and_cannot_book(client, booked, ceremony):
    done = booked()
    reader = _as_key(client, _make_key(done.org, "read"))
    contracts = reader.get("/api/contracts")
    assert contracts.status_code == 200
    assert done.meeting["id"] in {c["meeting_id"] for c in contracts.get_json()}
    assert reader.get(f"/api/meetings/{done.meeting['id']}").status_code == 200

    draft = ceremony()
    add_document_with_controls(draft, make_pdf())
    reader = _as_key(client, _make_key(draft.org, "read"))
    refused = reader.post(f"/api/meetings/{draft.meeting['id']}/book")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "api_key_read_only"
    assert reader.get(f"/api/meetings/{draft.meeting['id']}").get_json()["status"] == "draft"
    assert reader.post("/api/meetings", json={"name": "不该创建", "starts_at": "2030-01-01T10:00:00+08:00",
                                              "ends_at": "2030-01-01T11:00:00+08:00"}).status_code == 403

    writer = _as_key(client, _make_key(draft.org, "write", name="OA"))
    booked_now = writer.post(f"/api/meetings/{draft.meeting['id']}/book")
    assert booked_now.status_code == 200, booked_now.get_json()
    assert booked_now.get_json()["status"] == "scheduled"


def test_a_revoked_key_gets_401_at_once(client, make_enterprise):
    e = make_enterprise()
    made = _make_key(e, "write")
    caller = _as_key(client, made)
    assert caller.get("/api/meetings").status_code == 200
    assert e.admin.delete(f"/api/api-keys/{made['id']}").status_code == 204
    res = caller.get("/api/meetings")
    assert res.status_code == 401 and res.get_json()["error"]["code"] == "invalid_api_key"
    assert e.admin.get("/api/api-keys").get_json()[0]["revoked_at"] is not None
    assert e.admin.delete(f"/api/api-keys/{made['id']}").status_code == 204  # revoking again changes nothing


def test_a_key_with_its_prefix_but_another_secret_is_refused(client, make_enterprise):
    e = make_enterprise()
    made = _make_key(e)
    forged = made["prefix"] + "_" + ("A" * 43)
    res = Api(client, forged).get("/api/meetings")
    assert res.status_code == 401 and res.get_json()["error"]["code"] == "invalid_api_key"
    assert Api(client, "ssk_live_nonsense").get("/api/meetings").status_code == 401


def test_a_key_acts_as_its_enterprises_organizer_and_nothing_more(client, make_enterprise, ceremony):
    c = ceremony()
    writer = _as_key(client, _make_key(c.org, "write", name="OA系统"))
    assert writer.get("/api/api-keys").status_code == 403  # managing keys is the admin's
    assert writer.post("/api/api-keys", json={"name": "x", "scope": "write"}).status_code == 403
    assert writer.post("/api/users", json={"username": "sneaky", "password": "password-123"}).status_code == 403
    outsider = _as_key(client, _make_key(make_enterprise(), "write"))
    assert outsider.get(f"/api/meetings/{c.meeting['id']}").status_code == 404
    me = writer.get("/api/auth/me").get_json()
    assert me["role"] == "organizer" and me["enterprise_id"] == c.org.id
    made = writer.post("/api/meetings", json={"name": "接口创建的会议", "starts_at": "2030-01-01T10:00:00+08:00",
                                              "ends_at": "2030-01-01T11:00:00+08:00"})
    assert made.status_code == 201, made.get_json()
    from backend.models import AuditEvent
    event = AuditEvent.query.filter_by(meeting_id=made.get_json()["id"], kind="meeting_created").one()
    assert "OA系统" in event.actor and "ssk_live_" in event.actor  # the trail says which key did it
    [row] = [k for k in c.org.admin.get("/api/api-keys").get_json() if k["name"] == "OA系统"]
    assert row["last_used_at"] is not None


def _every_stored_text() -> str:
    chunks = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                chunks.append(json.dumps(dict(row._mapping), default=str, ensure_ascii=False))
    return "\n".join(chunks)


def test_the_keys_plain_text_is_nowhere_in_the_database_or_the_logs(client, make_enterprise, caplog):
    caplog.set_level(logging.DEBUG)
    e = make_enterprise()
    made = _make_key(e, "read")
    key, secret = made["key"], made["key"].rsplit("_", 1)[-1]
    caller = _as_key(client, made)
    assert caller.get("/api/meetings").status_code == 200
    assert caller.post("/api/meetings", json={"name": "只读", "starts_at": "2030-01-01T10:00:00+08:00",
                                              "ends_at": "2030-01-01T11:00:00+08:00"}).status_code == 403
    assert e.admin.delete(f"/api/api-keys/{made['id']}").status_code == 204
    assert caller.get("/api/contracts").status_code == 401
    db.session.remove()
    stored = _every_stored_text()
    assert made["prefix"] in stored  # the scan does see the api_key table
    assert key not in stored and secret not in stored
    assert any(r.name == "signstage.request" for r in caplog.records)  # the request log did write lines
    for record in caplog.records:
        logged = json.dumps(record.__dict__, default=str, ensure_ascii=False)
        assert secret not in logged and secret not in record.getMessage(), record.name


def test_the_spec_declares_the_bearer_scheme_for_api_keys(client):
    spec = client.get("/api/openapi.json").get_json()
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["scheme"] == "bearer" and "ssk_live_" in scheme["description"]
    assert spec["paths"]["/api/api-keys"]["post"].get("security") != []


@pytest.mark.parametrize("body, field", [({"name": "", "scope": "read"}, "name"),
                                         ({"name": "x", "scope": "admin"}, "scope")])
def test_bad_key_requests_are_refused(make_enterprise, body, field):
    e = make_enterprise()
    res = e.admin.post("/api/api-keys", json=body)
    assert res.status_code == 422 and field in res.get_json()["error"]["fields"]
    assert e.admin.get("/api/api-keys").get_json() == []
