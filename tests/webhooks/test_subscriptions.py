"""Subscriptions are the enterprise admin's: secrets shown once, other enterprises and roles kept out."""
import json

from backend.core.extensions import db
from backend.models import Webhook
from tests.support import Api
from tests.webhooks.conftest import subscribe


def test_the_secret_is_shown_once_and_stored_encrypted(make_enterprise):
    e = make_enterprise()
    made = subscribe(e.admin, "https://erp.example.com/signstage", ["meeting.completed", "meeting.booked"])
    assert made["secret"].startswith("whsec_") and made["events"] == ["meeting.booked", "meeting.completed"]
    listed = e.admin.get("/api/webhooks")
    assert [h["id"] for h in listed.get_json()] == [made["id"]]
    assert "secret" not in listed.get_json()[0] and made["secret"][6:] not in listed.get_data(as_text=True)
    assert "secret" not in e.admin.get(f"/api/webhooks/{made['id']}").get_json()
    row = db.session.get(Webhook, made["id"])
    assert made["secret"] not in json.dumps([row.secret_enc, row.previous_secret_enc])


def test_unknown_or_no_event_types_are_refused(make_enterprise):
    e = make_enterprise()
    for events in ([], ["meeting.exploded"], "meeting.booked"):
        res = e.admin.post("/api/webhooks", json={"url": "https://erp.example.com/in", "events": events})
        assert res.status_code == 422 and "events" in res.get_json()["error"]["fields"], events
    assert e.admin.get("/api/webhooks").get_json() == []


def test_only_the_enterprise_admin_manages_its_subscriptions(client, make_enterprise):
    e, other = make_enterprise(), make_enterprise()
    made = subscribe(e.admin, "https://erp.example.com/in", ["webhook.test"])
    for caller in (other.admin, e.organizer):
        expected = 404 if caller is other.admin else 403
        assert caller.get(f"/api/webhooks/{made['id']}").status_code == expected
        assert caller.get(f"/api/webhooks/{made['id']}/deliveries").status_code == expected
        assert caller.post(f"/api/webhooks/{made['id']}/test").status_code == expected
        assert caller.post(f"/api/webhooks/{made['id']}/rotate").status_code == expected
        assert caller.delete(f"/api/webhooks/{made['id']}").status_code == expected
    key = e.admin.post("/api/api-keys", json={"name": "集成", "scope": "write"}).get_json()["key"]
    assert Api(client, key).post("/api/webhooks", json={"url": "https://x.example.com/", "events": ["webhook.test"]}) \
        .status_code == 403  # a key acts as an organizer: it cannot add receivers of the enterprise's events
    assert other.admin.get("/api/webhooks").get_json() == []
    assert e.admin.get(f"/api/webhooks/{made['id']}").status_code == 200


def test_the_spec_lists_the_webhook_routes_and_the_url_rule(client):
    import re

    spec = client.get("/api/openapi.json").get_json()
    for path in ("/api/webhooks", "/api/webhooks/{webhook_id}", "/api/webhooks/{webhook_id}/deliveries",
                 "/api/webhooks/{webhook_id}/test", "/api/webhooks/{webhook_id}/rotate",
                 "/api/webhooks/{webhook_id}/deliveries/{delivery_id}/resend", "/api/api-keys/{key_id}"):
        assert path in spec["paths"], path
    url = spec["components"]["schemas"]["WebhookIn"]["properties"]["url"]
    assert re.fullmatch(url["pattern"], "https://erp.example.com/in")
    for refused in ("http://erp.example.com/in", "https://127.0.0.1/in", "https://localhost/in"):
        assert not re.fullmatch(url["pattern"], refused)
    events = spec["components"]["schemas"]["WebhookIn"]["properties"]["events"]["items"]["enum"]
    assert "meeting.completed" in events and "webhook.test" in events
