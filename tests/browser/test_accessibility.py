"""axe-core finds no serious or critical violation on the pages around signing: activation, verify (before
and after checking a file), the signed copy, and the big screen (booked, and completed); on the phone pages
(360×640) every control is at least 44 px either way."""
import secrets
from datetime import timedelta

import pytest

from tests.browser.axe import assert_no_serious, assert_touch_targets, serious_violations
from tests.screen.helpers import book_open_meeting, sign_directly
from tests.support import make_pdf

pytestmark = pytest.mark.browser
COPY_PHONE = "13800138000"  # where a test copy link's code goes


@pytest.fixture
def phone(browser):
    """Open a URL at 360×640 with touch, as a signer's phone would."""
    contexts = []

    def open_phone(url):
        context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai")
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        page.goto(url)
        return page
    yield open_phone
    for context in contexts:
        context.close()


def test_the_checks_find_an_unlabelled_field_grey_text_and_a_small_button(page):
    page.set_content('<html lang="zh-CN"><head><title>t</title></head><body><main>'
                     '<p style="color:#aaa;background:#fff">浅灰色的说明文字</p><input id="x">'
                     '<button style="width:30px;height:30px;padding:0">好</button></main></body></html>')
    found = {v["id"] for v in serious_violations(page)}
    assert {"color-contrast", "label"} <= found
    with pytest.raises(AssertionError, match="touch targets under 44 px"):
        assert_touch_targets(page)


def test_activation_page(app, make_enterprise, make_employee, live_server, phone, sms_messages):
    enterprise = make_enterprise()
    emp = make_employee(enterprise, "王小明", active=False)
    assert enterprise.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    link = [m for m in sms_messages() if m["template"] == "activation"][-1]["params"]["link"]
    page = phone(f"{live_server}/h5/activate/{link.rsplit('/', 1)[-1]}")
    page.wait_for_selector("#step-form:not([hidden])")
    assert_no_serious(page)
    assert_touch_targets(page)
    page.click("#submit")  # an empty form: the error shown must pass too
    page.wait_for_function("() => document.getElementById('alert').textContent.trim() !== ''")
    assert_no_serious(page)
    page.click("#send")
    page.wait_for_function("() => document.getElementById('send').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]][-1]["params"]["code"]
    page.fill("#code", code)
    page.click("#submit")
    page.wait_for_selector("#notice.ok")
    assert_no_serious(page)
    bad = phone(f"{live_server}/h5/activate/not-a-real-token")
    bad.wait_for_selector("#step-notice:not([hidden])")
    assert_no_serious(bad)
    assert page.js_errors == [] and bad.js_errors == []


@pytest.mark.parametrize("query", ["", "?lang=en"], ids=["zh", "en"])
def test_verify_page_before_and_after_checking_a_file(app, ceremony, live_server, phone, query):
    page = phone(f"{live_server}/verify{query}")
    page.wait_for_selector("#file")
    assert_no_serious(page)
    assert_touch_targets(page)
    page.click("#submit")  # no file yet: the error shown must pass too
    page.wait_for_function("() => document.getElementById('alert').textContent.trim() !== ''")
    assert_no_serious(page)
    page.set_input_files("#file", files=[{"name": "plain.pdf", "mimeType": "application/pdf", "buffer": make_pdf(1)}])
    page.click("#submit")
    page.wait_for_selector(".verdict[data-authentic=false]")
    assert_no_serious(page)
    assert_touch_targets(page)
    done = _completed(ceremony)
    pdf = done.c.api.get(f"/api/contracts/{done.meeting_id}/pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
    page.set_input_files("#file", files=[{"name": "contract.pdf", "mimeType": "application/pdf", "buffer": pdf.data}])
    page.click("#submit")
    page.wait_for_selector(".verdict[data-authentic=true]")
    assert_no_serious(page)
    assert_touch_targets(page)
    report = page.inner_text("#report")
    # The report's times name their zone, in the page's language.
    assert ("China Standard Time" if query else "北京时间") in report
    if query:
        from tests.browser.test_signer_path import CJK
        assert report.startswith("✓\nVerified: an authentic, complete Signstage contract")
        data = [done.c.meeting["name"], done.c.org.name, done.c.other.name, *(s["name"] for s in done.signers), "合同.pdf"]
        lines = report.splitlines()
        for value in sorted(data, key=len, reverse=True):
            lines = [line.replace(value, "") for line in lines]
        assert [line for line in lines if CJK.search(line)] == []
    assert page.js_errors == []


def _completed(ceremony):
    """A meeting every signer has signed and whose documents are sealed."""
    from backend.core.extensions import db
    from backend.services import completion
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    for signer in booked.signers:
        sign_directly(signer["id"])
    completion.finish_meeting(booked.meeting_id)
    db.session.commit()
    return booked


def _copy_token(booked) -> str:
    """A signed-copy link for the first signer, as the completion SMS carries one."""
    from backend.core.extensions import db
    from backend.core.resources import cipher
    from backend.core.security.tokens import token_digest
    from backend.models import CopyLink
    from backend.models.base import utcnow
    token, phone = secrets.token_hex(16), COPY_PHONE
    db.session.add(CopyLink(meeting_id=booked.meeting_id, participant_id=booked.signers[0]["id"],
                            token_hash=token_digest(token), phone_enc=cipher().encrypt(phone),
                            phone_hmac=cipher().lookup(phone), expires_at=utcnow() + timedelta(days=3)))
    db.session.commit()
    return token


def test_signed_copy_page(app, ceremony, live_server, phone, sms_messages):
    token = _copy_token(_completed(ceremony))
    page = phone(f"{live_server}/h5/copy/{token}")
    page.wait_for_selector("#step-prove:not([hidden])")
    assert_no_serious(page)
    assert_touch_targets(page)
    page.click("#prove")  # no code typed: the error shown must pass too
    page.wait_for_function("() => document.getElementById('prove-alert').textContent.trim() !== ''")
    assert_no_serious(page)
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == COPY_PHONE][-1]["params"]["code"]
    page.fill("#f-code", code)
    page.click("#prove")
    page.wait_for_selector("#step-copy:not([hidden])")
    assert_no_serious(page)
    assert_touch_targets(page)
    assert page.js_errors == []


def _screen(browser, live_server, url):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(live_server + url)
    page.wait_for_selector("#live-status[data-mode=live]")
    return context, page


def test_big_screen_booked_and_completed(app, ceremony, browser, live_server):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=2))
    context, page = _screen(browser, live_server, booked.screen)
    try:
        page.wait_for_selector("img.qr")
        assert_no_serious(page)
        assert page.js_errors == []
    finally:
        context.close()
    done = _completed(ceremony)
    context, page = _screen(browser, live_server, done.screen)
    try:
        page.wait_for_selector("#stage[data-status=completed]")
        page.wait_for_timeout(1500)  # the celebration has faded in: its text is checked at full contrast
        assert_no_serious(page)
        assert page.js_errors == []
    finally:
        context.close()
