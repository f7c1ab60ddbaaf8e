"""The organizer's meeting page shows each message's delivery state, a provider's refusal with its reason."""
import pytest

from backend.core.extensions import db
from backend.core.resources import _sms_backend
from backend.lib.sms.backends import make_backend
from backend.models import AdminUser, Notification
from dev.fake_tencent_sms.server import FakeTencentSms
from tests.support import add_document_with_controls, make_pdf

pytestmark = pytest.mark.browser


def test_a_rejected_template_shows_failed_with_its_reason_and_can_be_resent(app, ceremony, live_server, page, screenshots):
    with FakeTencentSms() as fake:
        app.extensions["signstage"]["sms"] = _sms_backend({**app.config, **fake.settings()})
        try:
            fake.fail_next("FailedOperation.TemplateIncorrectOrUnapproved")
            c = ceremony(signers_per_enterprise=1)
            add_document_with_controls(c, make_pdf())
            assert c.api.post(f"/api/meetings/{c.meeting['id']}/book").status_code == 200
            failed_id = Notification.query.filter_by(status="failed").one().id
            organizer = AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username
            db.session.commit()  # release the SQLite write lock for the live server
            page.goto(f"{live_server}/admin/login")
            page.fill('input[name="username"]', organizer)
            page.fill('input[name="password"]', "password-123")
            page.click('button[type="submit"]')
            page.wait_for_load_state()
            page.goto(f"{live_server}/admin/meetings/{c.meeting['id']}")
            row = page.locator(f'[data-notification="{failed_id}"]')
            row.wait_for()
            assert "发送失败" in row.locator('[data-testid="delivery-state"]').inner_text()
            assert "TemplateIncorrectOrUnapproved" in row.locator('[data-testid="delivery-reason"]').inner_text()
            assert "****" in row.inner_text()
            assert page.locator('[data-testid="delivery-state"]:has-text("已发送")').count() == 2
            page.screenshot(path=str(screenshots / "01-delivery-failed.png"), full_page=True)
            row.locator('[data-testid="resend"]').click()
            page.wait_for_function(f"() => document.querySelector('[data-notification=\"{failed_id}\"]')"
                                   ".innerText.includes('已发送')")
            assert row.locator('[data-testid="resend"]').count() == 0
            page.screenshot(path=str(screenshots / "02-delivery-resent.png"), full_page=True)
            assert len(fake.delivered()) == 3
        finally:
            app.extensions["signstage"]["sms"] = make_backend("file", app.config["SMS_FILE_PATH"])
