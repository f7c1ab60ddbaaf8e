"""A booking's messages through the real Tencent SDK against the fake server over HTTP."""
import logging
from datetime import timedelta

from backend.core.extensions import db
from backend.lib.sms.templates import PARAMS, positional
from backend.models import Notification, Participant
from backend.models.base import utcnow
from backend.services.outbox import deliver_due
from tests.support import add_document_with_controls, make_pdf


def _book(c):
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    return res


def _kind_of(fake, template_id: str) -> str:
    return {tid: kind for kind, tid in fake.templates.items()}[template_id]


def test_a_booking_sends_one_correctly_signed_send_sms_per_participant(ceremony, use_tencent):
    fake = use_tencent()
    c = ceremony(signers_per_enterprise=2)
    _book(c)
    notes = {n.id: n for n in Notification.query.all()}
    assert len(notes) == 5 and {n.status for n in notes.values()} == {"sent"}
    # Exactly one request per participant, each signed correctly (the fake checked TC3-HMAC-SHA256).
    assert len(fake.received) == 5 and all(r.signature_ok and r.error is None for r in fake.received)
    assert all(r.body["PhoneNumberSet"][0].startswith("+861") and len(r.body["PhoneNumberSet"]) == 1 for r in fake.received)
    for r in fake.received:
        note = notes[r.body["SessionContext"]]  # SessionContext is our notification id
        assert _kind_of(fake, r.body["TemplateId"]) == note.template
        assert r.body["SignName"] == "Signstage" and r.body["SmsSdkAppId"] == fake.state.sdk_app_id
        assert r.body["TemplateParamSet"] == positional(note.template, note.params)
        assert len(r.body["TemplateParamSet"]) == len(PARAMS[note.template])
        assert note.provider_id == r.statuses[0]["SerialNo"] and note.provider_answer["SendStatusSet"][0]["Code"] == "Ok"
    signer_notes = [n for n in notes.values() if n.template == "meeting_signer"]
    assert len(signer_notes) == 4
    for note in signer_notes:
        # The link is a short code in the variable; our short link leads to the signer's page.
        code = note.params["link_code"]
        assert positional(note.template, note.params)[-1] == code and len(code) == 8 and code.isalnum()
        assert note.params["link"].endswith("/h5/s/" + db.session.get(Participant, note.participant_id).scene_token)
    detail = c.api.get(f"/api/meetings/{c.meeting['id']}/notifications").get_json()
    assert [n["status"] for n in detail] == ["sent"] * 5 and all(n["provider_id"] for n in detail)
    assert deliver_due(utcnow() + timedelta(hours=1)) == 0 and len(fake.received) == 5


def test_a_rejected_template_fails_visibly_and_is_not_retried(ceremony, use_tencent):
    fake = use_tencent()
    fake.fail_next("FailedOperation.TemplateIncorrectOrUnapproved")
    c = ceremony(signers_per_enterprise=1)
    _book(c)
    failed = Notification.query.filter_by(status="failed").all()
    assert len(failed) == 1 and failed[0].attempts == 1
    assert "FailedOperation.TemplateIncorrectOrUnapproved" in failed[0].last_error
    assert Notification.query.filter_by(status="sent").count() == 2
    # What the organizer's meeting page renders: the failed message with its reason.
    for url in (f"/api/meetings/{c.meeting['id']}", f"/api/meetings/{c.meeting['id']}/notifications"):
        body = c.api.get(url).get_json()
        rows = body["notifications"] if isinstance(body, dict) else body
        bad = [n for n in rows if n["status"] == "failed"]
        assert len(bad) == 1 and "TemplateIncorrectOrUnapproved" in bad[0]["last_error"] and "****" in bad[0]["to_masked"]
    deliver_due(utcnow() + timedelta(hours=2))
    assert len(fake.received) == 3  # a permanent refusal is not sent again
    # The organizer fixed the template at Tencent and resends by hand: it goes, once.
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/notifications/{failed[0].id}/resend")
    assert res.status_code == 200 and res.get_json()["status"] == "sent"
    assert len(fake.received) == 4
    again = c.api.post(f"/api/meetings/{c.meeting['id']}/notifications/{failed[0].id}/resend")
    assert again.status_code == 409


def test_a_rate_limit_is_retried_after_the_wait_and_then_succeeds(ceremony, use_tencent):
    fake = use_tencent()
    fake.fail_next("LimitExceeded.PhoneNumberThirtySecondLimit", per_number=True)
    c = ceremony(signers_per_enterprise=1)
    _book(c)
    waiting = Notification.query.filter_by(status="queued").one()
    assert "PhoneNumberThirtySecondLimit" in waiting.last_error
    assert waiting.next_attempt_at >= utcnow() + timedelta(seconds=25)
    assert deliver_due(utcnow() + timedelta(seconds=5)) == 0  # not before Tencent's wait
    assert deliver_due(utcnow() + timedelta(seconds=31)) == 1
    db.session.expire_all()
    assert {n.status for n in Notification.query.all()} == {"sent"}
    assert len(fake.delivered()) == 3 and len(fake.received) == 4


def test_a_request_limit_error_and_internal_errors_retry_with_backoff(ceremony, use_tencent):
    fake = use_tencent()
    fake.fail_next("InternalError.Timeout")
    fake.fail_next("RequestLimitExceeded")
    c = ceremony(signers_per_enterprise=1)
    _book(c)
    assert Notification.query.filter_by(status="queued").count() == 2
    deliver_due(utcnow() + timedelta(minutes=1))
    db.session.expire_all()
    assert {(n.status) for n in Notification.query.all()} == {"sent"} and len(fake.delivered()) == 3


def test_a_bad_secret_is_a_configuration_error_and_not_retried(ceremony, use_tencent, caplog):
    fake = use_tencent(TENCENT_SMS_SECRET_KEY="not-the-secret")
    c = ceremony(signers_per_enterprise=1)
    with caplog.at_level(logging.ERROR, logger="signstage"):
        _book(c)
    notes = Notification.query.all()
    assert {(n.status, n.attempts) for n in notes} == {("failed", 1)}
    assert all("AuthFailure.SignatureFailure" in n.last_error and "TENCENT_SMS_SECRET_ID" in n.last_error for n in notes)
    assert any(r.levelno == logging.ERROR and "configuration" in r.getMessage() for r in caplog.records)
    assert len(fake.received) == 3 and not any(r.signature_ok for r in fake.received)
    deliver_due(utcnow() + timedelta(days=1))
    assert len(fake.received) == 3


def test_an_unknown_secret_id_says_what_to_check(ceremony, use_tencent):
    fake = use_tencent(TENCENT_SMS_SECRET_ID="AKIDnobody")
    c = ceremony(signers_per_enterprise=1)
    _book(c)
    note = Notification.query.first()
    assert note.status == "failed" and "SecretIdNotFound" in note.last_error and "TENCENT_SMS_SECRET_KEY" in note.last_error
    assert fake.received[0].error == "AuthFailure.SecretIdNotFound"


def test_a_kind_without_a_template_id_fails_with_the_setting_to_fix(ceremony, use_tencent):
    fake = use_tencent(TENCENT_SMS_TEMPLATES={"meeting_host": "100003"})
    c = ceremony(signers_per_enterprise=1)
    _book(c)
    by_kind = {n.template: n for n in Notification.query.all()}
    assert by_kind["meeting_host"].status == "sent"
    assert by_kind["meeting_signer"].status == "failed" and "TENCENT_SMS_TEMPLATES" in by_kind["meeting_signer"].last_error
    assert len(fake.received) == 1


def test_an_otp_goes_as_digits_and_an_activation_link_as_a_short_code(make_enterprise, make_employee, use_tencent, client):
    fake = use_tencent()
    ent = make_enterprise()
    emp = make_employee(ent, "新员工", active=False)
    assert ent.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    activation = Notification.query.filter_by(template="activation").one()
    assert activation.status == "sent"
    sent = fake.received[-1]
    assert sent.body["TemplateParamSet"][-1] == activation.params["link_code"]
    token = activation.params["link"].rsplit("/", 1)[-1]
    follow = client.get(f"/l/{activation.params['link_code']}")
    assert follow.status_code == 302 and follow.headers["Location"].endswith(f"/h5/activate/{token}")
    assert client.post(f"/api/activation/{token}/sms").status_code == 202
    otp = Notification.query.filter_by(template="otp").one()
    assert otp.status == "sent" and fake.received[-1].body["TemplateParamSet"] == [otp.params["code"]]
