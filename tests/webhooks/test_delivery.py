"""Deliveries are retried with growing waits for at least a day, keep their id, and are logged attempt by attempt."""
from datetime import timedelta

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from backend.core.extensions import db
from backend.models import WebhookAttempt, WebhookDelivery
from backend.services import jobs
from tests.webhooks.conftest import subscribe


def _only_delivery() -> WebhookDelivery:
    db.session.expire_all()
    [delivery] = WebhookDelivery.query.all()
    return delivery


def test_a_receiver_that_fails_three_times_gets_the_event_on_the_retry(make_enterprise, receiver, allow_private, clock):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/flaky", ["webhook.test"])
    receiver.answers = [500, 500, 503]
    queued = e.admin.post(f"/api/webhooks/{hook['id']}/test")
    assert queued.status_code == 202 and queued.get_json()["status"] == "queued"

    waits = []
    jobs.tick()
    for failures in range(1, 4):
        assert len(receiver.received) == failures
        due = _only_delivery().next_attempt_at
        waits.append(due - WebhookAttempt.query.order_by(WebhookAttempt.id.desc()).first().attempted_at)
        clock.to(due - timedelta(seconds=1))
        jobs.tick()
        assert len(receiver.received) == failures  # not before its time
        clock.to(due)
        jobs.tick()
    assert len(receiver.received) == 4
    assert waits[0] == timedelta(seconds=30) and waits[1] == 2 * waits[0] and waits[2] == 2 * waits[1]
    assert len({r["headers"]["webhook-id"] for r in receiver.received}) == 1  # one event, one id
    last = receiver.received[-1]
    assert Webhook(hook["secret"]).verify(last["body"], last["headers"])["type"] == "webhook.test"

    clock.advance(days=3)
    jobs.tick()
    assert len(receiver.received) == 4  # delivered: never again by itself
    [logged] = e.admin.get(f"/api/webhooks/{hook['id']}/deliveries").get_json()["items"]
    assert logged["status"] == "delivered" and logged["attempts"] == 4
    assert [a["status_code"] for a in logged["attempt_log"]] == [500, 500, 503, 200]
    assert logged["attempt_log"][0]["response_excerpt"].startswith("boom")
    assert all(isinstance(a["latency_ms"], int) and a["address"] == "127.0.0.1" for a in logged["attempt_log"])


def test_a_receiver_that_stays_down_is_retried_for_a_day_then_given_up(make_enterprise, receiver, allow_private, clock):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/down", ["webhook.test"])
    receiver.answers = [500] * 100
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    started = clock.now
    for _ in range(60):
        delivery = _only_delivery()
        if delivery.status != "queued":
            break
        clock.to(delivery.next_attempt_at)
        jobs.tick()
    delivery = _only_delivery()
    assert delivery.status == "failed"
    assert clock.now - started >= timedelta(hours=24)
    assert 8 <= delivery.attempts <= 25 and len(receiver.received) == delivery.attempts
    assert delivery.last_status_code == 500


def test_the_admin_resends_a_failed_delivery_with_the_same_id(make_enterprise, receiver, allow_private, clock,
                                                              monkeypatch, app):
    monkeypatch.setitem(app.config, "WEBHOOK_RETRY_HOURS", 0)  # the first failure is the last
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/later", ["webhook.test"])
    receiver.answers = [500]
    delivery = e.admin.post(f"/api/webhooks/{hook['id']}/test").get_json()
    jobs.tick()
    assert _only_delivery().status == "failed"
    resent = e.admin.post(f"/api/webhooks/{hook['id']}/deliveries/{delivery['id']}/resend")
    assert resent.status_code == 202 and resent.get_json()["status"] == "queued"
    jobs.tick()
    assert _only_delivery().status == "delivered"
    assert [r["headers"]["webhook-id"] for r in receiver.received] == [delivery["message_id"]] * 2


def test_a_rotated_secret_signs_beside_the_old_one_until_the_overlap_ends(make_enterprise, receiver, allow_private,
                                                                         clock):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/rotating", ["webhook.test"])
    rotated = e.admin.post(f"/api/webhooks/{hook['id']}/rotate")
    assert rotated.status_code == 200
    new = rotated.get_json()["secret"]
    assert new.startswith("whsec_") and new != hook["secret"]
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    during = receiver.received[-1]
    assert len(during["headers"]["webhook-signature"].split(" ")) == 2
    assert Webhook(hook["secret"]).verify(during["body"], during["headers"])
    assert Webhook(new).verify(during["body"], during["headers"])

    clock.advance(hours=24, seconds=1)
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    jobs.tick()
    after = receiver.received[-1]
    assert after["headers"]["webhook-id"] != during["headers"]["webhook-id"]
    assert Webhook(new).verify(after["body"], after["headers"])
    try:
        Webhook(hook["secret"]).verify(after["body"], after["headers"])
    except WebhookVerificationError:
        pass
    else:
        raise AssertionError("the old secret still signs after the overlap")


def test_a_deleted_subscription_gets_nothing_more(make_enterprise, receiver, allow_private):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/gone", ["webhook.test"])
    e.admin.post(f"/api/webhooks/{hook['id']}/test")
    assert e.admin.delete(f"/api/webhooks/{hook['id']}").status_code == 204
    jobs.tick()
    assert receiver.received == [] and _only_delivery().status == "cancelled"
    assert e.admin.get(f"/api/webhooks/{hook['id']}/deliveries").status_code == 404
    assert e.admin.get("/api/webhooks").get_json() == []


def test_a_delivery_is_written_with_its_event_and_a_refused_change_writes_none(booked, receiver, allow_private):
    c = booked(signers_per_enterprise=1)
    hook = subscribe(c.org.admin, f"{receiver.url}/durable", ["meeting.cancelled"])
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
    [queued] = WebhookDelivery.query.all()  # in the database before any worker ran
    assert queued.event_type == "meeting.cancelled" and queued.status == "queued" and receiver.received == []
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 409
    assert WebhookDelivery.query.count() == 1
    jobs.tick()
    assert [r["headers"]["webhook-id"] for r in receiver.received] == [queued.message_id]
    assert Webhook(hook["secret"]).verify(receiver.received[0]["body"], receiver.received[0]["headers"])


def test_a_delivery_whose_sender_died_mid_send_is_sent_again_with_its_id(make_enterprise, receiver, allow_private,
                                                                         clock):
    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/crash", ["webhook.test"])
    made = e.admin.post(f"/api/webhooks/{hook['id']}/test").get_json()
    delivery = _only_delivery()
    # A worker claimed it, then died before any answer was recorded.
    delivery.status, delivery.claimed_by, delivery.attempts = "sending", "dead-worker", 1
    delivery.claimed_until = clock.now + timedelta(seconds=60)
    db.session.commit()
    jobs.tick()
    assert receiver.received == []  # its claim still holds
    clock.advance(seconds=61)
    jobs.tick()
    assert [r["headers"]["webhook-id"] for r in receiver.received] == [made["message_id"]]
    assert _only_delivery().status == "delivered"


def test_a_round_of_sending_stops_starting_attempts_when_its_time_is_up(make_enterprise, receiver, allow_private):
    from backend.services import webhook_deliveries

    e = make_enterprise()
    hook = subscribe(e.admin, f"{receiver.url}/many", ["webhook.test"])
    for _ in range(3):
        e.admin.post(f"/api/webhooks/{hook['id']}/test")
    assert webhook_deliveries.deliver_due(budget_seconds=0) == 1  # the first attempt, then no more this round
    assert webhook_deliveries.deliver_due() == 2
    assert len(receiver.received) == 3
