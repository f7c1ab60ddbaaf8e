"""The replay of a completed ceremony on the big screen (`?replay=1&pace=10`): every signer's card turns
signed one at a time, in the order of the `signed` events in the meeting's log, and the ceremony ends
completed as it did."""
import pytest

from tests.browser.test_admin_wizard import sign_in

pytestmark = pytest.mark.browser

# Every change of a seat card's status, as the page shows it, from before the page's own scripts run.
WATCH_CARDS = """
window.__cards = [];
new MutationObserver((records) => {
  for (const r of records) {
    const card = r.target;
    if (!card.matches || !card.matches('.seat[data-participant]')) continue;
    const last = window.__cards.filter((c) => c.id === card.dataset.participant).pop();
    if (!last || last.status !== card.dataset.status)
      window.__cards.push({ id: card.dataset.participant, status: card.dataset.status, t: performance.now() });
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
"""


@pytest.fixture
def ceremony_done(app, booked):
    """Four signers of two enterprises sign in an order of their own (not the list's); the contract completes."""
    from backend.core.extensions import db
    from backend.models import AdminUser, AuditEvent, Meeting
    from backend.services import jobs

    c = booked(signers_per_enterprise=2)
    order = [2, 0, 3, 1]
    for i in order:
        c.phones[i].login().verify_by_sms()
        assert c.phones[i].sign(key=f"k{i}").status_code == 200
    jobs.run_pending()
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.status == "completed"
    c.token = meeting.result_token
    c.organizer = AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username
    c.signed_order = [e.data["participant_id"] for e in AuditEvent.query.filter_by(meeting_id=meeting.id, kind="signed")
                      .order_by(AuditEvent.id)]
    assert c.signed_order == [c.signers[i]["id"] for i in order]
    db.session.rollback()  # the live server must not wait on this test's read
    return c


def test_the_replay_lands_the_seals_in_the_order_of_the_event_log(browser, live_server, ceremony_done, screenshots):
    c = ceremony_done
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        context.add_init_script(WATCH_CARDS)
        errors = []
        context.on("page", lambda p: p.on("pageerror", lambda exc: errors.append(str(exc))))
        organizer = context.new_page()
        sign_in(organizer, live_server, c.organizer)
        # The organizer's meeting page offers the replay of the completed ceremony.
        organizer.goto(f"{live_server}/admin/meetings/{c.meeting['id']}")
        link = organizer.locator('[data-testid="replay"]')
        assert link.get_attribute("href") == f"/screen/{c.token}?replay=1&pace=10"
        assert organizer.locator('[data-testid="preview"]').count() == 0  # nothing left to preview
        with context.expect_page() as opened:
            link.click()
        page = opened.value
        page.wait_for_selector("#live-status[data-mode=replay]")
        page.wait_for_function("() => window.__cards.length > 0")
        page.screenshot(path=str(screenshots / "replay-01-start.png"))
        page.wait_for_function("() => window.signstageReplay && window.signstageReplay.done", timeout=60_000)
        page.wait_for_selector("#stage[data-status=completed]")
        page.wait_for_selector("#celebration:not([hidden])")
        page.screenshot(path=str(screenshots / "replay-02-end.png"))
        cards = page.evaluate("window.__cards")
        signer_ids = {s["id"] for s in c.signers}
        # Every signer's card was first shown unsigned: the replay starts before the first seal.
        first = {}
        for change in cards:
            first.setdefault(change["id"], change["status"])
        assert set(first) >= signer_ids and all(first[i] != "signed" for i in signer_ids), first
        landed = [change for change in cards if change["status"] == "signed"]
        assert [change["id"] for change in landed] == c.signed_order
        # One at a time: each seal has its moment on the screen before the next lands.
        gaps = [b["t"] - a["t"] for a, b in zip(landed, landed[1:])]
        assert all(gap > 600 for gap in gaps), gaps
        assert page.locator(".seat[data-status=signed] img.seal").count() == len(signer_ids)
        assert "已签署 4 / 4" in page.inner_text("#progress-text")
        # A replay never opens the live stream: nothing in it reaches the screen twice.
        assert page.evaluate("window.signstageEvents.length") == 0
        assert errors == []
    finally:
        context.close()
