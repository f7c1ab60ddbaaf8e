"""The H5 signer's path at 360×640 with touch: verify → read and mark in place → confirm once → done,
counted by the steps the page announces and the test's own taps; a returning signer skips verifying;
a lost sign answer is retried with the same Idempotency-Key and signs once; axe-core finds nothing
serious on any step."""
import re
from datetime import timedelta

import pytest

from tests.browser.test_h5_errors import _employee, _scene
from tests.screen.helpers import book_open_meeting

pytestmark = pytest.mark.browser

# Every step the page announces, in order, and every line the network status showed.
WATCH = """() => {
  window.__steps = []; window.__net = [];
  const note = () => {
    const main = document.getElementById("main"), net = document.getElementById("net-status");
    if (main && main.dataset.step && window.__steps.at(-1) !== main.dataset.step) window.__steps.push(main.dataset.step);
    if (net && net.textContent && window.__net.at(-1) !== net.textContent) window.__net.push(net.textContent);
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}"""


class Signer:
    """One signer's phone: taps are counted here, screens by the steps the page announced."""

    def __init__(self, browser, url, locale="zh-CN"):
        self.context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                           is_mobile=True, has_touch=True, locale=locale,
                                           timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(20000)
        self.page = self.context.new_page()
        self.page.js_errors = []
        self.page.on("pageerror", lambda exc: self.page.js_errors.append(str(exc)))
        self.page.add_init_script(f"document.addEventListener('DOMContentLoaded', {WATCH})")
        self.url = url
        self.taps = 0

    def tap(self, selector):
        self.taps += 1
        self.page.tap(selector)

    def step(self, step_id):
        self.page.wait_for_selector(f"#main[data-step={step_id}]")

    @property
    def screens(self):
        return self.page.evaluate("window.__steps")

    def verify(self, emp, sms_messages):
        self.step("verify")
        assert self.page.get_attribute("#f-code", "autocomplete") == "one-time-code"
        assert self.page.get_attribute("#f-code", "inputmode") == "numeric"
        assert self.page.input_value("#f-name") == ""  # the full name is never handed out
        self.tap("#send-code")
        self.page.wait_for_function("() => /\\d/.test(document.getElementById('send-code').textContent)")  # counting down
        codes = [m for m in sms_messages() if m["template"].split("@")[0] == "otp" and m["to"] == emp["phone"]]
        code = codes[-1]["params"]["code"]
        self.page.fill("#f-name", emp["name"])
        self.page.fill("#f-id", emp["id_number"])
        self.page.fill("#f-code", code)
        self.tap("#verify")
        self.step("read")

    def draw(self):
        """Write on the pad that tapping the signature field opened in place (drawing, not a tap)."""
        page = self.page
        page.wait_for_selector("#pad-panel:not([hidden])")
        box = page.locator("#pad").bounding_box()
        page.mouse.move(box["x"] + 40, box["y"] + box["height"] * 0.6)
        page.mouse.down()
        for fx, fy in ((0.3, 0.3), (0.5, 0.65), (0.7, 0.3), (0.85, 0.6)):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=6)
        page.mouse.up()
        page.wait_for_selector(".control.signature.done img")

    def read_every_page(self):
        """Scroll through the documents as a reader's thumb would, until the strip shows every page seen."""
        page = self.page
        for _ in range(60):
            if page.evaluate("[...document.querySelectorAll('#page-strip .chip')].every((c) => c.classList.contains('seen'))"):
                return
            page.evaluate("window.scrollBy(0, 260)")
            page.wait_for_timeout(120)
        raise AssertionError("the page strip never showed every page as seen")

    def close(self):
        self.context.close()


def serious_violations(page):
    """axe-core's serious and critical findings on what the page shows now."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page)
    assert len(results.response["passes"]) > 10  # axe did look at the page
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


SMALL_TARGETS = """() => [...document.querySelectorAll("button, a[href], input, select, textarea, [role=button]")]
  .filter((n) => n.offsetParent !== null || n.getClientRects().length)
  .map((n) => [n.id || n.className || n.tagName, n.getBoundingClientRect()])
  .filter(([, r]) => r.width && (r.width < 44 || r.height < 44))
  .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)"""


def small_targets(page):
    """Controls shown now that are smaller than 44×44 CSS px (axe's defaults do not measure this)."""
    return page.evaluate(SMALL_TARGETS)


def _signed_events(meeting_id):
    from backend.core.extensions import db
    from backend.models import AuditEvent
    n = AuditEvent.query.filter_by(meeting_id=meeting_id, kind="signed").count()
    db.session.rollback()
    return n


def _open(browser, live_server, booked, n=0):
    signer = booked.signers[n]
    return Signer(browser, f"{live_server}/h5/s/{_scene(signer['id'])}"), _employee(booked, signer)


def test_a_first_time_signer_signs_in_four_screens_and_five_taps(app, ceremony, live_server, browser,
                                                                 sms_messages, screenshots, capsys):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    axe = {}
    try:
        page.goto(phone.url)
        phone.step("verify")
        assert page.inner_text("#step-heading") == "第 1 步 / 共 4 步 · 核验身份"
        axe["verify"] = serious_violations(page) + small_targets(page)
        phone.verify(emp, sms_messages)
        assert page.inner_text("#step-heading") == "第 2 步 / 共 4 步 · 阅读并签署"
        page.locator(".control.signature").wait_for()
        # The single granted seal is chosen already, the date fills itself.
        page.wait_for_selector(".control.seal.done img")
        assert "年" in page.inner_text(".control.date")
        phone.tap(".control.signature")
        assert page.is_hidden("#pad-mode")  # typing the name instead is for meetings that allow it
        phone.draw()
        axe["read"] = serious_violations(page) + small_targets(page)
        page.screenshot(path=str(screenshots / "read-with-pad.png"))
        phone.read_every_page()
        phone.tap("#to-confirm")
        phone.step("confirm")
        consent = page.inner_text("#step-confirm")
        assert "《合同.pdf》" in consent and "签名 1 处" in consent and "盖章 1 处" in consent and "合同章" in consent
        axe["confirm"] = serious_violations(page) + small_targets(page)
        page.screenshot(path=str(screenshots / "confirm.png"))
        phone.tap("#sign")
        phone.step("done")
        page.wait_for_selector("#notice[data-code=signed]")
        assert page.inner_text("#step-heading") == "第 4 步 / 共 4 步 · 签署完成"
        axe["done"] = serious_violations(page) + small_targets(page)
        page.screenshot(path=str(screenshots / "done.png"))
        screens = phone.screens
        with capsys.disabled():
            print(f"\n[signer path] first-time H5 signer: {len(screens)} screens ({' → '.join(screens)}), "
                  f"{phone.taps} taps besides typing and drawing")
        assert screens == ["verify", "read", "confirm", "done"]
        assert phone.taps <= 5
        assert _signed_events(booked.meeting_id) == 1
        assert axe == {"verify": [], "read": [], "confirm": [], "done": []}
        assert page.js_errors == []
    finally:
        phone.close()


def test_a_returning_signer_skips_verifying_and_keeps_the_handwriting(app, ceremony, live_server, browser,
                                                                     sms_messages, screenshots, capsys):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    try:
        page.goto(phone.url)
        phone.verify(emp, sms_messages)
        phone.tap(".control.signature")
        phone.draw()
        # Back later in the meeting on the same phone (the page reloaded): no verifying, the ink is still there.
        page.reload()
        phone.taps = 0
        phone.step("read")
        page.wait_for_selector(".control.signature.done img")
        assert page.is_hidden("#step-verify")
        # Confirming before every page was seen: the button says what is missing and goes there.
        phone.tap("#to-confirm")
        assert "未查看" in page.inner_text("#read-hint")
        assert page.evaluate("window.__steps") == ["read"]
        phone.read_every_page()
        phone.tap("#to-confirm")
        phone.step("confirm")
        phone.tap("#sign")
        phone.step("done")
        screens = phone.screens
        with capsys.disabled():
            print(f"\n[signer path] returning H5 signer: {len(screens)} screens ({' → '.join(screens)}), "
                  f"{phone.taps} taps")
        assert screens == ["read", "confirm", "done"]
        assert _signed_events(booked.meeting_id) == 1
        assert page.js_errors == []
    finally:
        phone.close()


def test_a_lost_sign_answer_is_retried_once_and_the_screen_shows_signing_then_the_seal(
        app, ceremony, live_server, browser, sms_messages, worker, screenshots):  # noqa: F811
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    signer = booked.signers[0]
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    screen_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    screen = screen_ctx.new_page()
    seat = f".seat[data-participant='{signer['id']}']"
    keys, answered = [], []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) > 1:
            return route.continue_()
        # While the request is in flight the big screen already says so.
        screen.wait_for_function(f"() => document.querySelector(\"{seat}\")?.textContent.includes('正在签署…')")
        screen.screenshot(path=str(screenshots / "screen-signing.png"))
        answered.append(route.fetch().status)  # the server signs ...
        route.abort("timedout")  # ... and the phone never hears of it

    try:
        screen.goto(live_server + booked.screen)
        screen.wait_for_selector("#live-status[data-mode=live]")
        page.goto(phone.url)
        cdp = phone.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                                                       "downloadThroughput": 60_000, "uploadThroughput": 30_000})
        phone.verify(emp, sms_messages)
        page.wait_for_selector(".control.seal.done img")
        phone.tap(".control.signature")
        phone.draw()
        phone.read_every_page()
        phone.tap("#to-confirm")
        phone.step("confirm")
        page.route("**/sign", lose_the_first_answer)
        taps = phone.taps
        phone.tap("#sign")
        phone.step("done")
        assert phone.taps == taps + 1  # one tap; the retry was the page's own
        assert answered == [200] and len(keys) == 2 and keys[0] and keys[0] == keys[1]
        net = page.evaluate("window.__net")
        assert "正在提交…" in net and any(t.startswith("网络较慢，正在重试") for t in net), net
        assert _signed_events(booked.meeting_id) == 1
        screen.wait_for_function(
            f"() => {{ const i = document.querySelector(\"{seat} img.seal\"); return i && i.complete && i.naturalWidth > 0; }}")
        screen.screenshot(path=str(screenshots / "screen-sealed.png"))
        assert page.js_errors == []
    finally:
        screen_ctx.close()
        phone.close()


def test_the_steps_off_the_path_pass_axe_too(app, ceremony, live_server, browser, sms_messages):
    """Declining and the error notices are signer pages as well: nothing serious there either."""
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    try:
        page.goto(phone.url)
        phone.verify(emp, sms_messages)
        phone.tap("#to-decline")
        page.wait_for_selector("#step-decline:not([hidden])")
        assert page.get_attribute("#main", "data-step") == "" and page.is_hidden("#step-heading")
        found = {"decline": serious_violations(page)}
        page.goto(f"{live_server}/h5/s/NoSuchScene0000000000000")
        page.wait_for_selector("#notice[data-code=scene_not_found]")
        found["notice"] = serious_violations(page)
        assert found == {"decline": [], "notice": []}
        assert page.js_errors == []
    finally:
        phone.close()


# Any CJK character: on an English page only the signers' own data may have them.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


# What the page shows and reads out, besides text marked as another language (the switch names 中文 in
# Chinese) and the meeting's status, a label of the API's own (backend/models/status.py) translated there.
PAGE_TEXT = """() => {
  const skip = (n) => n.parentElement.closest("[lang]:not(html), #m-status");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [document.title];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n) && n.parentElement.checkVisibility()) texts.push(n.data);
  return [...texts, ...[...document.querySelectorAll("[aria-label], [alt]")].map((n) => n.getAttribute("aria-label") || n.alt)];
}"""


def _cjk_besides(page, data):
    """The lines the page shows (and the labels it reads out) with CJK characters beyond the user data."""
    texts = page.evaluate(PAGE_TEXT)
    lines = [line for text in texts for line in text.splitlines()]
    for value in sorted(data, key=len, reverse=True):
        lines = [line.replace(value, "") for line in lines]
    return [line for line in lines if CJK.search(line)]


def test_an_english_signer_walks_the_path_to_signed_in_english(app, ceremony, live_server, browser, sms_messages,
                                                              screenshots):
    """A participant whose language is English reads every step in English, even on a Chinese phone."""
    from backend.core.extensions import db
    from backend.models import Meeting, Participant, Seal

    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    signer = booked.signers[0]
    participant = db.session.get(Participant, signer["id"])
    participant.language = "en"
    meeting = db.session.get(Meeting, booked.meeting_id)
    data = {meeting.name, participant.name, signer["name_masked"], participant.employee.enterprise.name, "合同.pdf",
            *(s.name for s in Seal.query.all()), *(e.name for e in (booked.c.org, booked.c.other))}
    db.session.commit()
    phone, emp = _open(browser, live_server, booked)
    page = phone.page
    found = {}
    try:
        page.goto(phone.url)
        phone.step("verify")
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("#step-heading") == "Step 1 of 4 · Verify identity"
        assert "China Standard Time" in page.inner_text("#m-time")
        page.screenshot(path=str(screenshots / "en-verify.png"))
        found["verify"] = (serious_violations(page), _cjk_besides(page, data))
        phone.verify(emp, sms_messages)
        assert page.inner_text("#step-heading") == "Step 2 of 4 · Read and sign"
        page.wait_for_selector(".control.seal.done img")
        phone.tap(".control.signature")
        phone.draw()
        phone.read_every_page()
        page.screenshot(path=str(screenshots / "en-read.png"))
        found["read"] = (serious_violations(page), _cjk_besides(page, data))
        phone.tap("#to-confirm")
        phone.step("confirm")
        consent = page.inner_text("#step-confirm")
        assert "“合同.pdf”" in consent and "signatures: 1" in consent and "Agree and sign" in consent
        page.screenshot(path=str(screenshots / "en-confirm.png"))
        found["confirm"] = (serious_violations(page), _cjk_besides(page, data))
        phone.tap("#sign")
        phone.step("done")
        page.wait_for_selector("#notice[data-code=signed]")
        assert page.inner_text("#notice-title") == "Signed"
        assert page.inner_text("#step-heading") == "Step 4 of 4 · Signing complete"
        page.screenshot(path=str(screenshots / "en-done.png"))
        found["done"] = (serious_violations(page), _cjk_besides(page, data))
        assert found == {step: ([], []) for step in ("verify", "read", "confirm", "done")}
        assert _signed_events(booked.meeting_id) == 1
        assert page.js_errors == []
    finally:
        phone.close()


def test_a_signer_switches_the_page_to_the_other_language(app, ceremony, live_server, browser):
    """The small switch link reopens the page in English, and the API answers in it too."""
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))
    phone, _ = _open(browser, live_server, booked)
    page = phone.page
    try:
        page.goto(phone.url)
        phone.step("verify")
        assert page.inner_text("#step-heading") == "第 1 步 / 共 4 步 · 核验身份"
        phone.tap("a.language-switch[lang=en]")
        phone.step("verify")
        assert page.get_attribute("html", "lang") == "en" and "lang=en" in page.url
        assert page.inner_text("#step-heading") == "Step 1 of 4 · Verify identity"
        page.goto(f"{live_server}/h5/s/NoSuchScene0000000000000?lang=en")
        page.wait_for_selector("#notice[data-code=scene_not_found]")
        assert page.inner_text("#notice-title") == "Invalid QR code"
        assert page.js_errors == []
    finally:
        phone.close()
