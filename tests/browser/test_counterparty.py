"""The counterparty names its own signers, in Chromium: the organizer picks its own people from its
registry and invites the other enterprise; that enterprise's admin follows the SMS link and picks two
employees from its registry; both sign on their phones (360×640). Every answer the organizer's
browser received about the meeting holds only masks: no ID number, no phone, no full name."""
import json
import re
from datetime import timedelta

import pytest

from tests.browser.test_admin_wizard import sign_in
from tests.browser.test_ceremony import read_and_prepare
from tests.support import add_document_with_controls, iso, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Organizer:
    """The organizer's Api for the few steps the browser does not take (upload, controls)."""

    def __init__(self, api, meeting):
        self.api, self.meeting = api, meeting
        self.signers = [p for p in api.get(f"/api/meetings/{meeting['id']}").get_json()["participants"]
                        if p["role"] == "signer"]


@pytest.fixture
def parties(make_enterprise, make_employee):
    from backend.core.extensions import db
    from backend.models import AdminUser
    a, b = make_enterprise("华东智能制造有限公司"), make_enterprise("星海新能源科技有限公司")
    staff = {"host": make_employee(a, "周主持"), "a": make_employee(a, "李明"),
             "b1": make_employee(b, "王芳"), "b2": make_employee(b, "赵强"), "b3": make_employee(b, "孙七")}
    for enterprise, people in ((a, ["a"]), (b, ["b1", "b2"])):
        seal = enterprise.admin.post("/api/seals", json={"generate": True, "name": "合同专用章", "kind": "contract"}).get_json()
        for key in people:
            enterprise.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": staff[key]["id"]})
    meeting = a.organizer.post("/api/meetings", json={"name": "华东与星海战略合作签约仪式",
                                                      "starts_at": iso(timedelta(minutes=12)),
                                                      "ends_at": iso(timedelta(hours=2))}).get_json()
    users = {e: AdminUser.query.filter_by(enterprise_id=e.id, role=role).one().username
             for e, role in ((a, "organizer"), (b, "admin"))}
    db.session.commit()  # release SQLite's write lock for the live server
    return a, b, staff, meeting, users


def _pick(page, role, name):
    picker = page.locator('[data-testid="registry-picker"]')
    picker.locator(f'label:has(input[name="pick_role"][value="{role}"])').click()
    assert picker.locator(f'input[name="pick_role"][value="{role}"]').is_checked()
    picker.locator('[data-testid="registry-search"]').fill(name)
    row = picker.locator(f'.picker-row:has(strong:text-is("{name}"))')
    row.wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=registry-results] .picker-row').length === 1")
    row.locator('[data-testid="pick-employee"]').click()


def _sign_on_phone(browser, url, emp, sms_messages, shot):
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        page.wait_for_selector("#step-verify:not([hidden])")
        page.click("#send-code")
        page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
        code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]][-1]["params"]["code"]
        page.fill("#f-name", emp["name"])  # the signer types their own identity; the organizer never did
        page.fill("#f-id", emp["id_number"])
        page.fill("#f-code", code)
        page.click("#verify")
        read_and_prepare(page)
        with page.expect_response(lambda r: r.url.endswith("/sign") and r.request.method == "POST") as answer:
            page.click("#sign")
        assert answer.value.status == 200, answer.value.text()
        page.wait_for_selector("#notice[data-code=signed]")
        shot(page)
        assert errors == []
    finally:
        context.close()


def test_the_counterparty_names_its_signers_and_the_organizer_sees_only_masks(
        app, live_server, browser, page, screenshots, parties, sms_messages):
    from backend.core.extensions import db
    from backend.models import Meeting, Participant
    from backend.services import jobs

    a, b, staff, meeting, users = parties
    mid = meeting["id"]
    seen = []  # every JSON answer the organizer's browser got from the API

    def keep(response):
        if "/api/" in response.url and response.headers.get("content-type", "").startswith("application/json"):
            try:
                seen.append(response.text())
            except Exception:  # noqa: BLE001 - a body the page never waited for (navigated away)
                pass
    page.on("response", keep)

    # The organizer picks its host and signer from its own registry and invites the counterparty.
    sign_in(page, live_server, users[a])
    page.goto(f"{live_server}/admin/meetings/{mid}/edit/participants")
    _pick(page, "host", "周主持")
    page.wait_for_selector('[data-testid="participants"] td:text-is("周主持")')
    _pick(page, "signer", "李明")
    page.wait_for_selector('[data-testid="participants"] td:text-is("李明")')
    assert page.locator('[data-testid="participants"] .badge-matched').count() == 2
    page.locator('[data-testid="enterprise-search"]').fill("星海")
    result = page.locator(f'[data-testid="enterprise-results"] .picker-row:has(strong:text-is("{b.name}"))')
    result.wait_for()
    assert "*" in result.inner_text()  # the credit code is masked
    result.locator('[data-testid="invite-enterprise"]').click()
    page.wait_for_selector('[data-testid="counterparties"] .picker-row:has-text("待指定签署人")')
    page.wait_for_selector(f'[data-testid="participant-problems"] li:has-text("{b.name}")')
    page.screenshot(path=str(screenshots / "01-organizer-invited.png"), full_page=True)

    # The counterparty's admin opens the SMS link, signs in, and names two employees from its registry.
    sms = [m for m in sms_messages() if m["template"] == "counterparty_invited"]
    assert len(sms) == 1 and sms[0]["params"]["enterprise"] == a.name
    target = sms[0]["params"]["link"]
    assert re.search(r"/l/[0-9A-Za-z]{8}", sms[0]["text"])
    admin_ctx = browser.new_context(viewport={"width": 1440, "height": 960}, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        admin = admin_ctx.new_page()
        admin.goto(live_server + target.split("signstage.test", 1)[1])
        admin.wait_for_url(re.compile(r"/admin/login"))
        admin.fill('input[name="username"]', users[b])
        admin.fill('input[name="password"]', "password-123")
        admin.click('button[type="submit"]')
        admin.wait_for_url(re.compile(r"/admin/invitations/[0-9a-f]+$"))
        admin.wait_for_selector('[data-testid="registry-picker"]')
        assert a.name in admin.inner_text("main")
        _pick(admin, "signer", "王芳")
        admin.wait_for_selector('[data-testid="nominees"] td:text-is("王芳")')
        _pick(admin, "signer", "赵强")
        admin.wait_for_selector('[data-testid="nominees"] td:text-is("赵强")')
        assert admin.locator('[data-testid="nominees"] .badge-matched').count() == 2
        admin.screenshot(path=str(screenshots / "02-counterparty-named.png"), full_page=True)
        admin.goto(f"{live_server}/admin/invitations")
        admin.wait_for_selector('[data-testid="invitations"] td:has-text("已指定2位签署人")')
        admin.screenshot(path=str(screenshots / "03-counterparty-invitations.png"), full_page=True)
    finally:
        admin_ctx.close()

    # The organizer sees them matched and masked, with nothing to edit.
    page.reload()
    page.wait_for_selector('[data-testid="participants"] td:text-is("王*")')
    page.wait_for_selector('[data-testid="counterparties"] .picker-row:has-text("已指定2位签署人")')
    assert page.locator('[data-testid="named-by-counterparty"]').count() == 2
    assert page.locator('[data-testid="participants"] .badge-matched').count() == 4
    assert page.locator('[data-testid="participant-problems"]').count() == 0
    page.screenshot(path=str(screenshots / "04-organizer-matched.png"), full_page=True)

    # A contract with controls for every signer (the wizard's editor has its own test), then booking.
    organizer = _Organizer(a.organizer, meeting)
    add_document_with_controls(organizer, make_pdf())
    db.session.commit()
    page.goto(f"{live_server}/admin/meetings/{mid}/edit/review")
    page.click('[data-testid="book"]')
    page.wait_for_url(re.compile(rf"/admin/meetings/{mid}$"))
    page.wait_for_selector('[data-testid="result-url"]')
    page.screenshot(path=str(screenshots / "05-organizer-booked.png"), full_page=True)

    # Both named signers (and the organizer's own) verify and sign on their phones.
    scenes = {p.name: p.scene_token for p in Participant.query.filter_by(meeting_id=mid, role="signer")}
    db.session.rollback()
    for n, key in enumerate(("a", "b1", "b2"), start=1):
        emp = staff[key]
        _sign_on_phone(browser, f"{live_server}/h5/s/{scenes[emp['name']]}", emp, sms_messages,
                       lambda p, n=n: p.screenshot(path=str(screenshots / f"06-phone{n}-signed.png")))
    jobs.run_pending()
    assert db.session.get(Meeting, mid).status == "completed"
    db.session.commit()

    # Everything the organizer's browser can ask about the meeting, and everything it was answered.
    for path in (f"/api/meetings/{mid}", f"/api/meetings/{mid}/check", f"/api/meetings/{mid}/layout",
                 f"/api/meetings/{mid}/counterparties", "/api/meetings", "/api/contracts", f"/api/contracts/{mid}",
                 f"/api/contracts/{mid}/audit"):
        res = page.request.get(live_server + path)
        assert res.ok, (path, res.status)
        seen.append(res.text())
    page.goto(f"{live_server}/admin/meetings/{mid}")
    page.wait_for_selector('[data-testid="signer-entries"]')
    shown = page.content()
    assert len(seen) > 15
    everything = "\n".join(seen) + shown
    for key in ("b1", "b2"):
        emp = staff[key]
        for secret in (emp["id_number"], emp["phone"], emp["phone"][3:], emp["id_number"][6:14]):
            assert secret not in everything, (key, secret)
    meeting_answers = [s for s in seen if '"counterparties"' in s]
    assert meeting_answers and all(staff[k]["name"] not in s for s in meeting_answers for k in ("b1", "b2"))
    names = [p["name"] for p in json.loads(meeting_answers[-1])["participants"]]
    assert "王*" in names and "赵*" in names and "李明" in names
    assert staff["b1"]["name"] not in shown and staff["b2"]["name"] not in shown
    assert page.js_errors == []
