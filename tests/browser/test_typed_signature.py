"""The pad's alternative at 360×640: where the organizer allows it, a signer types their name (keyboard only for
the toggle), sees it drawn in the brush font, and reaches signed; axe-core finds nothing serious on the typed step."""
from datetime import timedelta

import pytest

from tests.browser.test_signer_path import _open, serious_violations, small_targets
from tests.screen.helpers import book_open_meeting

pytestmark = pytest.mark.browser


def _signed_event(meeting_id):
    from backend.core.extensions import db
    from backend.models import AuditEvent
    events = [e.data for e in AuditEvent.query.filter_by(meeting_id=meeting_id, kind="signed")]
    db.session.rollback()
    return events


def test_a_signer_types_their_name_instead_of_drawing_and_signs(app, ceremony, live_server, browser, sms_messages,
                                                                screenshots, capsys):
    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    assert c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"allow_typed_signature": True}).status_code == 200
    booked = book_open_meeting(c)
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    try:
        page.goto(phone.url)
        phone.verify(emp, sms_messages)
        page.wait_for_selector(".control.seal.done img")
        phone.tap(".control.signature")
        page.wait_for_selector("#pad-panel:not([hidden]) #pad-mode:not([hidden])")
        assert page.get_attribute("#pad-mode", "aria-pressed") == "false"
        # The toggle works from the keyboard: focus it, press Enter.
        page.focus("#pad-mode")
        page.keyboard.press("Enter")
        page.wait_for_selector("#pad-mode[aria-pressed=true]")
        assert page.is_visible("#typed-name") and page.is_hidden("#pad")
        assert page.evaluate("document.activeElement.id") == "typed-name"
        assert page.input_value("#typed-name") == emp["name"]  # the name just verified
        assert page.inner_text("#pad-title") == "输入姓名签名"
        found = {"typed": serious_violations(page) + small_targets(page)}
        # Another name is refused where it was typed (Enter submits, as on a phone's keyboard).
        page.fill("#typed-name", "张三")
        page.press("#typed-name", "Enter")
        page.wait_for_selector("#e-typed:not([hidden])")
        assert "不一致" in page.inner_text("#e-typed")
        assert page.get_attribute("#typed-name", "aria-invalid") == "true"
        assert page.is_hidden("#typed-preview")
        page.fill("#typed-name", emp["name"])
        phone.tap("#typed-render")
        page.wait_for_selector("#typed-preview:not([hidden])")
        assert page.get_attribute("#typed-preview", "alt") == f"签名预览：{emp['name']}"
        page.wait_for_selector(".control.signature.done img")
        assert page.evaluate("document.getElementById('typed-preview').naturalWidth") > 50
        found["typed-preview"] = serious_violations(page) + small_targets(page)
        page.screenshot(path=str(screenshots / "typed-signature.png"))
        phone.tap("#typed-done")
        page.wait_for_selector("#pad-panel", state="hidden")
        phone.read_every_page()
        phone.tap("#to-confirm")
        phone.step("confirm")
        assert page.inner_text("#c-hand-label") == "签名（输入姓名生成）"
        assert page.evaluate("document.getElementById('c-hand').naturalWidth") > 50
        phone.tap("#sign")
        phone.step("done")
        page.wait_for_selector("#notice[data-code=signed]")
        with capsys.disabled():
            print(f"\n[signer path] typed-name H5 signer: {len(phone.screens)} screens "
                  f"({' → '.join(phone.screens)}), {phone.taps} taps besides typing")
        assert phone.screens == ["verify", "read", "confirm", "done"]
        events = _signed_event(booked.meeting_id)
        assert len(events) == 1 and events[0]["signature_method"] == "typed"
        assert found == {"typed": [], "typed-preview": []}
        assert page.js_errors == []
    finally:
        phone.close()


def test_the_organizer_allows_typed_names_in_the_wizards_details_step(app, live_server, page, ceremony):
    from tests.browser.test_admin_wizard import api_get, sign_in
    from tests.browser.test_notices_and_exports import _organizer

    c = ceremony()
    mid = c.meeting["id"]
    organizer = _organizer(c)
    from backend.core.extensions import db
    db.session.commit()  # release the SQLite write lock for the live server
    sign_in(page, live_server, organizer)
    page.goto(f"{live_server}/admin/meetings/{mid}/edit/details")
    box = page.locator('[data-testid="allow-typed-signature"]')
    box.wait_for(state="attached")
    assert not box.is_checked()
    assert "输入姓名代替手写" in page.inner_text(".details-form")
    page.locator("label.field-check", has=box).click()
    page.click('[data-testid="next"]')
    page.wait_for_url(f"**/admin/meetings/{mid}/edit/participants")
    assert api_get(page, live_server, f"/api/meetings/{mid}")["allow_typed_signature"] is True
