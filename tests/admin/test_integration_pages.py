"""The enterprise admin's API key and webhook pages: make, show once, revoke; subscribe, watch deliveries, resend."""
import re

from backend.services import jobs
from tests.admin.conftest import text_of
from tests.support import Api


def test_an_admin_makes_a_key_sees_it_once_and_revokes_it(pages, client, make_enterprise):
    e = make_enterprise()
    pages.sign_in_as(e)
    res = pages.post("/admin/api-keys", {"name": "档案系统", "scope": "read"})
    assert res.status_code == 200 and res.headers["Cache-Control"] == "no-store"
    key = re.search(r'id="new-key">(ssk_live_[^<]+)<', text_of(res)).group(1)
    assert Api(client, key).get("/api/contracts").status_code == 200
    listing = text_of(pages.get("/admin/api-keys"))
    assert "档案系统" in listing and key.rsplit("_", 1)[0] in listing and key not in listing
    key_id = e.admin.get("/api/api-keys").get_json()[0]["id"]
    res = pages.post(f"/admin/api-keys/{key_id}/revoke", follow_redirects=True)
    assert "已撤销API密钥「档案系统」" in text_of(res)
    assert Api(client, key).get("/api/contracts").status_code == 401


def test_a_bad_key_form_says_what_is_wrong(pages, make_enterprise):
    e = make_enterprise()
    pages.sign_in_as(e)
    res = pages.post("/admin/api-keys", {"name": "", "scope": "read"})
    assert res.status_code == 422 and "new-key" not in text_of(res)


def test_organizers_do_not_see_the_integration_pages(pages, make_enterprise):
    e = make_enterprise()
    pages.sign_in_as(e, role="organizer")
    assert pages.get("/admin/api-keys").status_code == 403
    assert pages.get("/admin/webhooks").status_code == 403


def test_an_admin_subscribes_watches_the_log_and_resends(pages, make_enterprise, monkeypatch, app):
    from tests.webhooks.conftest import Receiver

    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE", True)
    receiver = Receiver()
    receiver.thread.start()
    try:
        e = make_enterprise()
        pages.sign_in_as(e)
        refused = pages.post("/admin/webhooks", {"url": "ftp://erp.example.com/", "events": ["meeting.completed"]})
        assert refused.status_code == 422 and "new-secret" not in text_of(refused)
        res = pages.post("/admin/webhooks", {"url": f"{receiver.url}/admin", "events": ["meeting.completed"]})
        assert res.status_code == 200 and res.headers["Cache-Control"] == "no-store"
        assert re.search(r'id="new-secret">whsec_[^<]+<', text_of(res))
        [hook] = e.admin.get("/api/webhooks").get_json()
        assert "合同签署完成" in text_of(pages.get("/admin/webhooks"))

        receiver.answers = [500]
        monkeypatch.setitem(app.config, "WEBHOOK_RETRY_HOURS", 0)
        res = pages.post(f"/admin/webhooks/{hook['id']}/test", follow_redirects=True)
        assert "已发送测试事件" in text_of(res)
        jobs.tick()
        page = text_of(pages.get(f"/admin/webhooks/{hook['id']}"))
        assert "发送失败" in page and "boom" in page and "500" in page
        [delivery] = e.admin.get(f"/api/webhooks/{hook['id']}/deliveries").get_json()["items"]
        res = pages.post(f"/admin/webhooks/{hook['id']}/deliveries/{delivery['id']}/resend", follow_redirects=True)
        assert "已重新排队发送" in text_of(res)
        jobs.tick()
        assert "已送达" in text_of(pages.get(f"/admin/webhooks/{hook['id']}"))
        assert [r["headers"]["webhook-id"] for r in receiver.received] == [delivery["message_id"]] * 2

        rotated = pages.post(f"/admin/webhooks/{hook['id']}/rotate")
        assert rotated.status_code == 200 and re.search(r'id="new-secret">whsec_', text_of(rotated))
        res = pages.post(f"/admin/webhooks/{hook['id']}/delete", follow_redirects=True)
        assert "已删除订阅" in text_of(res) and e.admin.get("/api/webhooks").get_json() == []
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
