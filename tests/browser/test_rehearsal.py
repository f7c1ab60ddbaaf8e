"""Rehearsals in Debian Chromium: booked from the details step's switch, and 彩排 on every page people see."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.test_admin_wizard import sign_in
from tests.support import add_document_with_controls, make_pdf

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _organizer(c) -> str:
    from backend.models import AdminUser
    return AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username


def test_the_details_step_books_a_rehearsal_and_every_page_says_so(app, live_server, page, browser, ceremony,
                                                                    screenshots):
    from backend.core.extensions import db
    from backend.models import Participant

    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    username = _organizer(c)
    db.session.commit()

    # The details step: a new meeting with the rehearsal switch on.
    sign_in(page, live_server, username)
    page.goto(f"{live_server}/admin/meetings/new")
    start = (datetime.now(SHANGHAI) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    page.fill('input[name="name"]', "签约仪式彩排")
    page.fill('input[name="starts_at"]', start.strftime("%Y-%m-%dT%H:%M"))
    page.fill('input[name="ends_at"]', (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_text("彩排（不产生合同）").click()
    assert page.locator('[data-testid="rehearsal"]').is_checked()
    page.screenshot(path=str(screenshots / "01-details.png"), full_page=True)
    page.click('[data-testid="next"]')
    page.wait_for_url(re.compile(r"/edit/participants$"))
    created = re.search(r"/meetings/([^/]+)/edit", page.url).group(1)
    assert page.request.get(f"{live_server}/api/meetings/{created}").json()["rehearsal"] is True

    # The prepared ceremony, made a rehearsal and booked (the wizard's other steps have their own tests).
    mid = c.meeting["id"]
    assert c.api.patch(f"/api/meetings/{mid}", json={"rehearsal": True}).status_code == 200
    add_document_with_controls(c, make_pdf(pages=1))
    booked = c.api.post(f"/api/meetings/{mid}/book")
    assert booked.status_code == 200, booked.get_json()
    scene = db.session.get(Participant, c.signers[0]["id"]).scene_token
    db.session.commit()

    # 我的预约 and the meeting page.
    page.goto(f"{live_server}/admin/meetings")
    page.wait_for_selector("#meeting-list table")
    badges = page.locator('#meeting-list [data-testid="rehearsal-badge"]')
    assert badges.count() == 2 and badges.first.inner_text() == "彩排"
    page.goto(f"{live_server}/admin/meetings/{mid}")
    page.wait_for_selector('[data-testid="reset-rehearsal"]')
    assert page.locator('#meeting-detail [data-testid="rehearsal-badge"]').is_visible()
    assert page.locator('[data-testid="view-contract"]').count() == 0  # a rehearsal makes no contract
    page.screenshot(path=str(screenshots / "02-meeting.png"), full_page=True)

    # The big screen.
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN").new_page()
    screen.goto(booked.get_json()["result_url"].replace("http://signstage.test", live_server))
    screen.wait_for_selector("#rehearsal-banner:not([hidden])")
    assert "彩排" in screen.locator("#rehearsal-banner").inner_text()
    screen.screenshot(path=str(screenshots / "03-screen.png"))
    screen.context.close()

    # The signer's phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN").new_page()
    phone.goto(f"{live_server}/h5/s/{scene}")
    phone.wait_for_selector("#rehearsal-banner:not([hidden])")
    assert "彩排" in phone.locator("#rehearsal-banner").inner_text()
    phone.screenshot(path=str(screenshots / "04-signer.png"))
    phone.context.close()
    assert page.js_errors == []
