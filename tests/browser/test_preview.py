"""The organizer previews the ceremony: in the wizard's last step (a draft) and on the meeting page (booked),
a signer's phone shows that signer's controls and no one else's, and the big screen is laid out at
1920×1080, scaled into the card."""
from datetime import timedelta

import pytest

from tests.browser.test_admin_wizard import sign_in
from tests.support import add_document_with_controls, make_pdf

pytestmark = pytest.mark.browser


def _give_more_controls(c, doc, participant_id, n):
    """n more signature controls for one signer on page 2, so that the signers' counts differ."""
    current = c.api.get(f"/api/documents/{doc['id']}/controls").get_json()
    keep = [{k: x[k] for k in ("page", "x", "y", "w", "h", "kind", "participant_id")} for x in current]
    extra = [{"page": 2, "x": 0.1, "y": 0.1 + 0.15 * i, "w": 0.25, "h": 0.06, "kind": "signature",
              "participant_id": participant_id} for i in range(n)]
    assert c.api.put(f"/api/documents/{doc['id']}/controls", json=keep + extra).status_code == 200


def _organizer(c):
    from backend.models import AdminUser
    return AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username


def _check_phone(page, signer, expected):
    """Pick the signer; their phone frame shows exactly their controls, and the card says how many."""
    page.select_option('[data-testid="preview-signer"]', label=f"{signer['name']} · {signer['enterprise_name']}")
    count = page.locator('[data-testid="preview-control-count"]')
    assert count.get_attribute("data-count") == str(expected)
    phone = page.frame_locator('[data-testid="phone-preview"]')
    phone.locator(f'body[data-controls="{expected}"]').wait_for()
    phone.locator(".page img").first.wait_for()
    assert phone.locator(".control").count() == expected
    assert phone.locator("#h-documents").inner_text() == "阅读合同"  # the signer's own reading step
    box = page.locator('[data-testid="phone-preview"]').bounding_box()
    assert (round(box["width"]), round(box["height"])) == (360, 640)


def _check_screen(page, src):
    """The screen frame is the real screen page at 1920×1080, scaled down to 16:9 in the card."""
    frame = page.locator('[data-testid="screen-preview"]')
    assert frame.get_attribute("src").endswith(src)
    screen = page.frame_locator('[data-testid="screen-preview"]')
    screen.locator("#stage .seat").first.wait_for()
    inner = screen.locator("body").evaluate("() => [window.innerWidth, window.innerHeight]")
    assert inner == [1920, 1080]
    assert screen.locator("#toolbar").is_hidden()  # a preview, not the host's screen
    box = frame.bounding_box()
    assert 300 < box["width"] < 1920 and abs(box["width"] / box["height"] - 16 / 9) < 0.01, box
    return screen


def test_the_wizard_previews_each_signers_phone_and_the_screen(app, live_server, page, ceremony, screenshots):
    from backend.core.extensions import db
    c = ceremony(starts_in=timedelta(hours=3), signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf(2))
    first, second = c.signers
    _give_more_controls(c, doc, second["id"], 2)
    username = _organizer(c)
    db.session.commit()
    sign_in(page, live_server, username)
    page.goto(f"{live_server}/admin/meetings/{c.meeting['id']}/edit/review")
    page.locator('[data-testid="preview"]').wait_for()
    _check_phone(page, first, 3)
    screen = _check_screen(page, f"/admin/meetings/{c.meeting['id']}/preview/screen")
    # A draft's screen as it will be once booked: every signer's card carries its QR code.
    screen.locator(".seat img.qr").nth(len(c.signers) - 1).wait_for()
    assert screen.locator("#meeting-name").inner_text() == c.meeting["name"]
    page.screenshot(path=str(screenshots / "wizard-preview-first.png"), full_page=True)
    _check_phone(page, second, 5)
    page.screenshot(path=str(screenshots / "wizard-preview-second.png"), full_page=True)
    assert page.js_errors == []


def test_the_meeting_page_previews_a_booked_meetings_real_screen(app, live_server, page, booked, screenshots):
    from backend.core.extensions import db
    c = booked()
    token = c.result_url.rsplit("/", 1)[-1]
    username = _organizer(c)
    db.session.commit()
    sign_in(page, live_server, username)
    page.goto(f"{live_server}/admin/meetings/{c.meeting['id']}")
    page.locator('[data-testid="preview"]').wait_for()
    _check_phone(page, c.signers[1], 3)
    screen = _check_screen(page, f"/admin/meetings/{c.meeting['id']}/preview/screen")
    qr = screen.locator(".seat img.qr").first
    qr.wait_for()
    assert qr.get_attribute("src").startswith(f"/screen/{token}/qr/")
    assert page.locator('[data-testid="replay"]').count() == 0  # nothing to replay before completion
    page.screenshot(path=str(screenshots / "meeting-preview.png"), full_page=True)
    assert page.js_errors == []
