"""The signer's H5 error screens, at 360×640 (one in WeChat's browser): each a clear Chinese message."""
from datetime import timedelta

import pytest

from tests.screen.helpers import book_open_meeting, sign_directly

pytestmark = pytest.mark.browser

WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2229A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
             "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin "
             "NetType/WIFI Language/zh_CN ABI/arm64")


def _scene(participant_id):
    from backend.core.extensions import db
    from backend.models import Participant
    scene = db.session.get(Participant, participant_id).scene_token
    db.session.rollback()  # the live server must not wait on this test's read
    return scene


@pytest.fixture
def phone(browser):
    contexts = []

    def open_phone(url, *, wechat=False):
        context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai",
                                      user_agent=WECHAT_UA if wechat else None)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        page.goto(url)
        return page
    yield open_phone
    for context in contexts:
        context.close()


def _fill_identity(page, emp, code):
    page.fill("#f-name", emp["name"])
    page.fill("#f-id", emp["id_number"])
    page.fill("#f-code", code)
    page.click("#verify")


def _employee(booked, participant):
    return next(e for staff in booked.c.staff.values() for e in staff if e["id_number"]
                and e["name"] == participant["name"] and e["phone"][-4:] == participant["phone_masked"][-4:])


def test_wrong_code_then_locked_out(app, ceremony, live_server, phone, sms_messages, screenshots):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    signer = booked.signers[0]
    emp = _employee(booked, signer)
    page = phone(f"{live_server}/h5/s/{_scene(signer['id'])}", wechat=True)
    page.wait_for_selector("#step-verify:not([hidden])")
    page.screenshot(path=str(screenshots / "h5-verify-wechat.png"))
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    sent = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]]
    assert sent, sms_messages()
    wrong = "000000" if sent[-1]["params"]["code"] != "000000" else "111111"
    _fill_identity(page, emp, wrong)
    page.wait_for_selector("#identity-alert[data-code=verification_failed]")
    assert "身份核验未通过" in page.inner_text("#identity-alert")
    assert "{" not in page.inner_text("body")
    page.screenshot(path=str(screenshots / "h5-wrong-code.png"))
    for _ in range(4):
        page.click("#verify")
        page.wait_for_function("() => !document.getElementById('verify').disabled")
    page.click("#verify")
    page.wait_for_selector("#notice[data-code=locked_out]")
    text = page.inner_text("#step-notice")
    assert "验证失败次数过多" in text and "15 分钟" in text
    page.screenshot(path=str(screenshots / "h5-locked-out.png"))
    assert page.js_errors == []


def test_meeting_not_open_yet(app, ceremony, live_server, phone, screenshots):
    booked = book_open_meeting(ceremony(starts_in=timedelta(hours=3), signers_per_enterprise=1))
    page = phone(f"{live_server}/h5/s/{_scene(booked.signers[1]['id'])}")
    page.wait_for_selector("#notice[data-code=signing_not_open]")
    text = page.inner_text("#step-notice")
    assert "签约尚未开始" in text and "开放签署" in text
    page.screenshot(path=str(screenshots / "h5-not-open.png"))
    assert page.js_errors == []


def test_already_signed_and_unknown_code(app, ceremony, live_server, phone, screenshots):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    sign_directly(booked.signers[0]["id"])
    page = phone(f"{live_server}/h5/s/{_scene(booked.signers[0]['id'])}")
    page.wait_for_selector("#notice[data-code=already_signed]")
    assert "您已完成签署" in page.inner_text("#step-notice")
    page.screenshot(path=str(screenshots / "h5-already-signed.png"))
    page = phone(f"{live_server}/h5/s/NoSuchScene0000000000000")
    page.wait_for_selector("#notice[data-code=scene_not_found]")
    assert "二维码无效" in page.inner_text("#step-notice")
    page.screenshot(path=str(screenshots / "h5-unknown-code.png"))


def test_decline_after_reading(app, ceremony, live_server, phone, sms_messages, screenshots):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    signer = booked.signers[1]
    emp = _employee(booked, signer)
    page = phone(f"{live_server}/h5/s/{_scene(signer['id'])}")
    page.wait_for_selector("#step-verify:not([hidden])")
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]][-1]["params"]["code"]
    _fill_identity(page, emp, code)
    page.wait_for_selector("#step-read:not([hidden])")
    page.wait_for_function("() => [...document.querySelectorAll('.page img')].some((i) => i.complete && i.naturalWidth)")
    page.screenshot(path=str(screenshots / "h5-documents-360.png"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.click("#to-confirm")  # nothing signed yet: the button opens the pad where the signature goes
    page.wait_for_selector("#pad-panel:not([hidden])")
    page.wait_for_timeout(200)
    box = page.locator("#pad").bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 120)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 60, steps=10)
    page.mouse.move(box["x"] + 300, box["y"] + 150, steps=10)
    page.mouse.up()
    assert box["y"] + box["height"] < 640 and page.locator("#pad-done").bounding_box()["y"] < 640
    page.screenshot(path=str(screenshots / "h5-pad-360.png"))
    page.click("#pad-done")
    page.click("#to-decline")
    page.fill("#decline-reason", "条款需要再商议")
    page.screenshot(path=str(screenshots / "h5-decline-form.png"))
    page.click("#decline-confirm")
    page.wait_for_selector("#notice[data-code=declined]")
    assert "您已拒绝签署" in page.inner_text("#step-notice")
    page.screenshot(path=str(screenshots / "h5-declined.png"))
    again = phone(f"{live_server}/h5/s/{_scene(signer['id'])}")
    again.wait_for_selector("#notice[data-code=already_declined]")
    assert page.js_errors == [] and again.js_errors == []


def test_activation_page(app, make_enterprise, make_employee, live_server, phone, sms_messages, screenshots):
    enterprise = make_enterprise()
    emp = make_employee(enterprise, "王小明", active=False)
    assert enterprise.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    link = [m for m in sms_messages() if m["template"] == "activation"][-1]["params"]["link"]
    token = link.rsplit("/", 1)[-1]
    page = phone(f"{live_server}/h5/activate/{token}")
    page.wait_for_selector("#step-form:not([hidden])")
    assert "王**" in page.inner_text("#step-form") and emp["phone"] not in page.inner_text("body")
    page.click("#send")
    page.wait_for_function("() => document.getElementById('send').textContent.includes('秒后重发')")
    code = [m for m in sms_messages() if m["template"] == "otp" and m["to"] == emp["phone"]][-1]["params"]["code"]
    page.fill("#code", "000000" if code != "000000" else "111111")
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('alert').textContent.includes('验证码不正确')")
    page.screenshot(path=str(screenshots / "activate-wrong-code.png"))
    page.fill("#code", code)
    page.click("#submit")
    page.wait_for_selector("#notice.ok")
    assert "账号已激活" in page.inner_text("#step-notice")
    page.screenshot(path=str(screenshots / "activate-done.png"))
    bad = phone(f"{live_server}/h5/activate/not-a-real-token")
    bad.wait_for_selector("#step-notice:not([hidden])")
    assert "激活链接无效" in bad.inner_text("#step-notice")
    assert page.js_errors == [] and bad.js_errors == []


def test_verify_page_rejects_an_unsigned_pdf(app, live_server, browser, screenshots):
    from tests.support import make_pdf
    if "/api/verify" not in {r.rule for r in app.url_map.iter_rules()}:
        pytest.skip("POST /api/verify is not built yet")
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/verify")
        page.screenshot(path=str(screenshots / "verify-empty-360.png"))
        page.click("#submit")
        assert "请先选择" in page.inner_text("#alert")
        page.set_input_files("#file", files=[{"name": "plain.pdf", "mimeType": "application/pdf", "buffer": make_pdf(1)}])
        page.click("#submit")
        page.wait_for_selector(".verdict[data-authentic=false]")
        assert "验证未通过" in page.inner_text("#report") and "{" not in page.inner_text("#report")
        page.screenshot(path=str(screenshots / "verify-unsigned-360.png"), full_page=True)
    finally:
        context.close()
