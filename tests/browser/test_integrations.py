"""In Chromium: the admin makes an API key and sees it once, revokes it; subscribes a webhook and resends from its log."""
import re

import pytest

from tests.browser.test_admin_wizard import sign_in
from tests.webhooks.conftest import Receiver

pytestmark = pytest.mark.browser


def _admin_name(made) -> str:
    from backend.models import AdminUser
    return AdminUser.query.filter_by(enterprise_id=made.id, role="admin").one().username


def test_keys_and_webhooks_in_the_admin_pages(app, live_server, page, screenshots, make_enterprise, monkeypatch):
    from backend.core.extensions import db
    from backend.services import jobs

    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)
    receiver = Receiver()
    receiver.thread.start()
    try:
        e = make_enterprise()
        admin = _admin_name(e)
        db.session.commit()  # release the SQLite write lock for the live server
        sign_in(page, live_server, admin)
        page.click("nav >> text=API密钥")
        page.fill('input[name="name"]', "ERP系统")
        page.check('input[name="scope"][value="write"]')
        page.click('button:has-text("创建密钥")')
        key = page.inner_text("#new-key")
        assert re.fullmatch(r"ssk_live_[a-z0-9]{12}_[A-Za-z0-9_-]{43}", key)
        page.screenshot(path=str(screenshots / "01-api-key-shown-once.png"), full_page=True)
        res = page.request.get(f"{live_server}/api/meetings", headers={"Authorization": f"Bearer {key}"})
        assert res.status == 200
        page.goto(f"{live_server}/admin/api-keys")
        assert page.locator("#new-key").count() == 0 and key not in page.content()
        page.once("dialog", lambda dialog: dialog.accept())
        page.click('button:has-text("撤销")')
        page.wait_for_selector("text=已撤销API密钥「ERP系统」")
        assert page.request.get(f"{live_server}/api/meetings", headers={"Authorization": f"Bearer {key}"}).status == 401

        page.click("nav >> text=Webhook订阅")
        page.fill('input[name="url"]', f"{receiver.url}/erp")
        page.click('button:has-text("订阅")')
        assert page.inner_text("#new-secret").startswith("whsec_")
        page.screenshot(path=str(screenshots / "02-webhook-secret-shown-once.png"), full_page=True)
        page.click("text=推送记录")
        receiver.answers = [503]
        page.click('button:has-text("发送测试事件")')
        page.wait_for_selector("text=已发送测试事件")
        db.session.remove()
        jobs.tick()
        db.session.remove()
        page.reload()
        page.wait_for_selector("text=503")
        page.screenshot(path=str(screenshots / "03-delivery-log-failed.png"), full_page=True)
        page.click('button:has-text("重发")')
        page.wait_for_selector("text=已重新排队发送")
        db.session.remove()
        jobs.tick()
        db.session.remove()
        page.reload()
        page.wait_for_selector(".badge >> text=已送达")
        page.screenshot(path=str(screenshots / "04-delivery-log-delivered.png"), full_page=True)
        assert len({r["headers"]["webhook-id"] for r in receiver.received}) == 1 and len(receiver.received) == 2
        assert page.js_errors == []
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
