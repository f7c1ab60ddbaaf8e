"""A decline and the way back, in Chromium: a signer declines on the H5 page through its own confirm step,
the big screen shows it and stops inviting scans, the organizer re-opens the signer from the meeting page,
the signer signs with the new link from the SMS, and the meeting completes; the audit trail holds both."""
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from tests.browser.test_admin_wizard import api_get, sign_in
from tests.browser.test_ceremony import _phone, _scenes, read_and_prepare
from tests.screen.helpers import book_open_meeting

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREEN_QRS = "() => [...document.querySelectorAll('.seat img.qr')].filter((i) => i.complete && i.naturalWidth > 0).length"


def _verify(page, emp, sms_messages):
    """From the meeting step through the identity check to the documents."""
    page.wait_for_selector("#step-verify:not([hidden])")
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]][-1]["params"]["code"]
    page.fill("#f-name", emp["name"])
    page.fill("#f-id", emp["id_number"])
    page.fill("#f-code", code)
    page.click("#verify")
    page.wait_for_selector("#step-read:not([hidden])")


def _sign(page):
    read_and_prepare(page)
    with page.expect_response(lambda r: r.url.endswith("/sign") and r.request.method == "POST") as answer:
        page.click("#sign")
    assert answer.value.status == 200, answer.value.text()
    page.wait_for_selector("#notice[data-code=signed]")


def test_decline_then_reopen_then_sign(app, ceremony, live_server, browser, page, sms_messages, worker,  # noqa: F811
                                       screenshots, monkeypatch):
    from backend.core.extensions import db
    from backend.models import AdminUser
    from backend.services import otp
    monkeypatch.setattr(otp, "COOLDOWN", timedelta(0))  # the signer asks for a second code within seconds here
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    scenes = _scenes(booked)
    staff = {e["name"] + e["phone"][-4:]: e for es in booked.c.staff.values() for e in es}
    first, second = booked.signers
    emp_a, emp_b = (staff[s["name"] + s["phone_masked"][-4:]] for s in (first, second))
    organizer = AdminUser.query.filter_by(enterprise_id=booked.c.org.id, role="organizer").one().username
    db.session.rollback()  # the live server must not wait on this test's read

    screen_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                                     timezone_id="Asia/Shanghai")
    screen = screen_ctx.new_page()
    screen_errors = []
    screen.on("pageerror", lambda exc: screen_errors.append(str(exc)))
    (ctx_a, phone_a), (ctx_b, phone_b) = _phone(browser, wechat=False), _phone(browser, wechat=True)
    try:
        screen.goto(live_server + booked.screen)
        screen.wait_for_selector("#live-status[data-mode=live]")
        screen.wait_for_function(f"() => ({SCREEN_QRS})() === 2")
        assert screen.inner_text("#meeting-status") == "签署已开放"

        # The signer declines: not beside the main button, but a step of its own that needs a reason.
        phone_a.goto(f"{live_server}/h5/s/{scenes[first['id']]}")
        _verify(phone_a, emp_a, sms_messages)
        assert phone_a.locator(".sticky-actions #to-decline").count() == 0
        phone_a.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        main, entry = (phone_a.locator(sel).bounding_box() for sel in ("#to-confirm", "#to-decline"))
        assert entry["y"] + entry["height"] <= main["y"] and entry["width"] < main["width"] / 2
        phone_a.click("#to-decline")
        phone_a.wait_for_selector("#step-decline:not([hidden])")
        assert "签约仪式将暂停" in phone_a.inner_text("#step-decline")
        phone_a.screenshot(path=str(screenshots / "phone-01-decline-step.png"))
        phone_a.click("#decline-cancel")  # the way back leaves everything as it was
        phone_a.wait_for_selector("#step-read:not([hidden])")
        phone_a.click("#to-decline")
        phone_a.click("#decline-confirm")  # no reason yet: refused on the phone, nothing sent
        phone_a.wait_for_selector("#e-decline-reason:not([hidden])")
        assert "请填写拒签原因" in phone_a.inner_text("#e-decline-reason")
        assert phone_a.get_attribute("#decline-reason", "aria-invalid") == "true"
        phone_a.screenshot(path=str(screenshots / "phone-02-reason-required.png"))
        phone_a.fill("#decline-reason", "付款节点需与法务再确认")
        phone_a.click("#decline-confirm")
        phone_a.wait_for_selector("#notice[data-code=declined]")
        phone_a.screenshot(path=str(screenshots / "phone-03-declined.png"))

        # The screen says so, and invites nobody to scan while the organizer decides.
        screen.wait_for_selector("#stage[data-phase=awaiting_organizer]")
        screen.wait_for_selector(f".seat[data-participant='{first['id']}'][data-status=declined]")
        assert screen.locator(".seat img.qr").count() == 0
        assert "已拒签" in screen.inner_text(f".seat[data-participant='{first['id']}']")
        assert "暂停签署" in screen.inner_text(f".seat[data-participant='{second['id']}']")
        status = screen.inner_text("#meeting-status")
        assert "等待组织方处理" in status and "签署已开放" not in status
        assert screen.locator(".progress.hold").count() == 1 and "等待组织方处理" in screen.inner_text("#progress-text")
        assert "付款节点" not in screen.inner_text("body")  # the reason is the organizer's, not the room's
        screen.screenshot(path=str(screenshots / "screen-01-declined.png"))

        # The other signer, already at work, signs meanwhile: their signature stays.
        phone_b.goto(f"{live_server}/h5/s/{scenes[second['id']]}")
        _verify(phone_b, emp_b, sms_messages)
        _sign(phone_b)
        screen.wait_for_selector(f".seat[data-participant='{second['id']}'] img.seal")
        assert screen.locator("#stage[data-status=completed]").count() == 0

        # The organizer sees the decline with its reason and re-opens the signer.
        sign_in(page, live_server, organizer)
        page.goto(f"{live_server}/admin/meetings/{booked.meeting_id}")
        page.wait_for_selector('[data-testid="awaiting-organizer"]')
        assert "付款节点需与法务再确认" in page.inner_text('[data-testid="decline-reason"]')
        page.screenshot(path=str(screenshots / "admin-01-declined.png"), full_page=True)
        old_link = page.locator(f".signer-card[data-participant='{first['id']}'] [data-testid=signer-link]").input_value()
        page.once("dialog", lambda dialog: dialog.accept())
        page.click('[data-testid="reopen-signer"]')
        page.wait_for_selector(".alert-success")
        assert page.locator('[data-testid="awaiting-organizer"]').count() == 0
        card = page.locator(f".signer-card[data-participant='{first['id']}']")
        new_link = card.locator("[data-testid=signer-link]").input_value()
        assert new_link != old_link and card.locator("[data-testid=signer-qr]").count() == 1
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=signer-qr]')].every(i => i.naturalWidth > 0)")
        page.screenshot(path=str(screenshots / "admin-02-reopened.png"), full_page=True)

        # The screen invites that signer again, with a new code; the old link is dead.
        screen.wait_for_function("() => document.getElementById('stage').dataset.phase !== 'awaiting_organizer'")
        screen.wait_for_function(f"() => ({SCREEN_QRS})() === 1")
        assert screen.locator(f".seat[data-participant='{first['id']}'] img.qr").count() == 1
        assert "请扫码签署" in screen.inner_text(f".seat[data-participant='{first['id']}']")
        assert screen.inner_text("#meeting-status") == "签署已开放"
        screen.screenshot(path=str(screenshots / "screen-02-reopened.png"))
        phone_a.goto(f"{live_server}/h5/s/{scenes[first['id']]}")
        phone_a.wait_for_selector("#notice[data-code=scene_not_found]")

        # The signer follows the SMS's new link, proves who they are again, and signs.
        invite = [m for m in sms_messages() if m["to"] == emp_a["phone"] and m["template"].startswith("meeting_signer")][-1]
        hop = phone_a.request.get(live_server + urlparse(invite["params"]["short_link"]).path, max_redirects=0)
        assert hop.status == 302
        target = urlparse(hop.headers["location"]).path  # links name PUBLIC_BASE_URL, not this test server
        assert target == urlparse(new_link).path
        phone_a.goto(live_server + target)
        _verify(phone_a, emp_a, sms_messages)
        _sign(phone_a)
        screen.wait_for_selector("#stage[data-status=completed]", timeout=90_000)
        screen.wait_for_selector("#celebration:not([hidden])")
        screen.screenshot(path=str(screenshots / "screen-03-completed.png"))

        trail = api_get(page, live_server, f"/api/contracts/{booked.meeting_id}/audit")
        events = [(e["kind"], e["actor"]) for e in trail["events"] if e["kind"] in ("declined", "reopened", "signed")]
        assert events == [("declined", first["name"]), ("signed", second["name"]), ("reopened", organizer),
                          ("signed", first["name"])]
        assert trail["chain_intact"] is True
        assert screen_errors == [] and phone_a.js_errors == [] and phone_b.js_errors == []
    finally:
        screen_ctx.close()
        ctx_a.close()
        ctx_b.close()


def test_the_host_reopens_from_the_screen(app, ceremony, live_server, browser, screenshots):
    from tests.screen.test_decline_on_screen import decline_directly
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    first = booked.signers[0]
    decline_directly(first["id"])
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        host = context.new_page()
        errors = []
        host.on("pageerror", lambda exc: errors.append(str(exc)))
        host.goto(f"{live_server}{booked.screen}?host={booked.host_token}")
        host.wait_for_selector("#stage[data-phase=awaiting_organizer]")
        button = host.locator(f"#host-reopen button[data-participant='{first['id']}']")
        assert host.locator("#host-reopen button").count() == 1 and "重新开放" in button.inner_text()
        assert host.locator(".seat img.qr").count() == 0
        host.once("dialog", lambda dialog: dialog.accept())
        button.click()
        host.wait_for_function(f"() => ({SCREEN_QRS})() === 2")
        assert host.locator("#host-reopen button").count() == 0
        assert host.get_attribute("#stage", "data-phase") == "signing_open"
        host.screenshot(path=str(screenshots / "host-reopened.png"))
        assert errors == []
    finally:
        context.close()
