"""Webhooks go to https URLs whose every address is public: refused at subscription and after DNS at delivery."""
import pytest

from backend.core.extensions import db
from backend.lib.webhooks.targets import refusal
from backend.models import Webhook, WebhookAttempt
from backend.services import jobs
from tests.webhooks.conftest import subscribe

FORBIDDEN = ["127.0.0.1", "169.254.169.254", "10.0.0.1"]


@pytest.mark.parametrize("url", [f"https://{a}/hooks" for a in FORBIDDEN] + [
    "https://[::1]/hooks", "https://[::ffff:10.0.0.1]/hooks", "https://localhost/hooks", "https://x.localhost/hooks",
    "http://hooks.example.com/in", "https://user:pass@hooks.example.com/in", "ftp://hooks.example.com/",
    "https://hooks.example.com:0/", "not a url"])
def test_a_url_that_cannot_receive_is_refused_at_subscription(make_enterprise, url):
    e = make_enterprise()
    res = e.admin.post("/api/webhooks", json={"url": url, "events": ["webhook.test"]})
    assert res.status_code == 422, res.get_json()
    assert res.get_json()["error"]["code"] in ("webhook_url_refused", "validation_error")
    assert "url" in res.get_json()["error"]["fields"]
    assert e.admin.get("/api/webhooks").get_json() == []


@pytest.mark.parametrize("address", FORBIDDEN + ["::1", "fd00:ec2::254", "100.64.0.1"])
def test_a_name_that_resolves_to_a_forbidden_address_is_refused_at_delivery(make_enterprise, dns, address):
    e = make_enterprise()
    hook = subscribe(e.admin, "https://hooks.example.com/in", ["webhook.test"])  # a name: checked when sent
    dns.answers["hooks.example.com"] = [address]
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    [attempt] = WebhookAttempt.query.all()
    assert attempt.status_code is None and attempt.address is None  # never connected
    assert f"resolves to {address}" in attempt.error
    assert dns.lookups == ["hooks.example.com"]


def test_a_name_with_one_public_and_one_private_address_is_refused(make_enterprise, dns):
    e = make_enterprise()
    hook = subscribe(e.admin, "https://rebind.example.com/in", ["webhook.test"])
    dns.answers["rebind.example.com"] = ["93.184.216.34", "127.0.0.1"]
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    [attempt] = WebhookAttempt.query.all()
    assert attempt.address is None and "resolves to 127.0.0.1" in attempt.error


def test_with_the_setting_the_checked_address_is_the_one_connected_to(make_enterprise, dns, receiver, allow_private):
    e = make_enterprise()
    hook = subscribe(e.admin, f"http://receiver.example.com:{receiver.port}/in", ["webhook.test"])
    dns.answers["receiver.example.com"] = ["127.0.0.1"]
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    [request] = receiver.received
    assert request["headers"]["Host"] == f"receiver.example.com:{receiver.port}"
    assert dns.lookups == ["receiver.example.com"]  # one lookup per attempt: the connection used its answer
    assert WebhookAttempt.query.one().address == "127.0.0.1"


def test_the_setting_allows_a_local_receiver_over_http(make_enterprise, receiver, allow_private):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/local", ["webhook.test"])
    assert db.session.get(Webhook, hook["id"]).url == f"{receiver.url}/local"
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    assert len(receiver.at("/local")) == 1


def test_a_subscription_made_with_the_setting_is_refused_at_delivery_without_it(make_enterprise, receiver,
                                                                                monkeypatch, app):
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/was-allowed", ["webhook.test"])
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", False)
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    assert receiver.received == []
    assert "https" in WebhookAttempt.query.one().error


@pytest.mark.parametrize("address, refused", [
    ("127.0.0.1", True), ("::1", True), ("10.0.0.1", True), ("172.16.5.4", True), ("192.168.1.1", True),
    ("169.254.169.254", True), ("fe80::1", True), ("::ffff:127.0.0.1", True), ("100.64.0.1", True),
    ("0.0.0.0", True), ("224.0.0.1", True), ("fd00:ec2::254", True),
    ("93.184.216.34", False), ("2606:4700:4700::1111", False), ("8.8.8.8", False)])
def test_which_addresses_are_public(address, refused):
    assert (refusal(address) is not None) is refused
