"""The whole ceremony once in Chinese and once in English, as each party reads it: the organizer books in the
admin pages, the big screen waits and fills, two signers sign on phones, anyone checks the contract at /verify.

On the English run no CJK character shows anywhere but in what people typed (names, enterprises, the meeting,
file names); on the Chinese run no line of interface is Latin-only (the brand, file names, hashes and codes
aside). Each page is read as its reader sees it: visible text, the title, and what labels and alt texts say."""
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.browser.conftest import desktop_page
from tests.browser.test_h5_errors import _employee, _scene
from tests.browser.test_signer_path import Signer
from tests.support import add_document_with_controls, make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Latin that belongs on a Chinese page: the brand, formats and units, hashes, links, keys, file names.
LATIN_ALLOWED = re.compile(r"Signstage|https?://\S+|\S+\.pdf\b|\bPDF\b|SHA-256|\bQR\b|\bSMS\b|\bID\b|\bF11\b|\bMB\b"
                           r"|\b[0-9a-f]{12,}\b|\bChromium\b|\bEnglish\b")
# Text a reader sees and hears: visible text nodes outside elements marked as another language (the switch
# names each language in itself), the title, and labels and alt texts.
PAGE_TEXT = """() => {
  const skip = (n) => n.parentElement.closest("[lang]:not(html)");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [document.title];
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if (!skip(n) && n.parentElement.checkVisibility() && !n.parentElement.closest("script, style")) texts.push(n.data);
  for (const n of document.querySelectorAll("[aria-label], [alt], [placeholder]"))
    if (!n.closest("[lang]:not(html)") && (n.checkVisibility() || n.matches("[aria-label]")))
      texts.push(n.getAttribute("aria-label") || n.getAttribute("alt") || n.getAttribute("placeholder") || "");
  return texts;
}"""


def wrong_language(page, language: str, data) -> list[str]:
    """The lines of interface that are not in the page's language (user data removed first)."""
    lines = [line.strip() for text in page.evaluate(PAGE_TEXT) for line in str(text).splitlines()]
    for value in sorted(data, key=len, reverse=True):
        lines = [line.replace(value, "") for line in lines]
    if language == "en":
        return [line for line in lines if CJK.search(line)]
    return [line for line in lines if LATIN_WORD.search(LATIN_ALLOWED.sub("", line)) and not CJK.search(line)]


def user_data() -> set[str]:
    """Everything people typed or uploaded: names, enterprises, meetings, seals, files, usernames."""
    from backend.core.extensions import db
    from backend.models import AdminUser, Document, Employee, Enterprise, Meeting, Participant, Seal
    values = {e.name for e in Enterprise.query} | {u.username for u in AdminUser.query}
    values |= {e.name for e in Employee.query} | {m.name for m in Meeting.query} | {s.name for s in Seal.query}
    values |= {p.name for p in Participant.query} | {d.filename for d in Document.query}
    values |= {d.filename.rsplit(".", 1)[0] for d in Document.query}
    db.session.rollback()
    return {v for v in values if v}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_whole_ceremony_in_one_language(language, app, ceremony, live_server, browser, sms_messages, worker,
                                            screenshots, capsys):
    from backend.models import AdminUser

    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    mid = c.meeting["id"]
    # Everyone of this ceremony reads `language`: the meeting's screen, both signers, the organizer's browser.
    assert c.api.patch(f"/api/meetings/{mid}", json={"screen_language": language}).status_code == 200
    for signer in c.signers:
        res = c.api.patch(f"/api/meetings/{mid}/participants/{signer['id']}", json={"language": language})
        assert res.status_code == 200 and res.get_json()["language"] == language
    add_document_with_controls(c, make_pdf(2))
    organizer = AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username
    data = user_data() | {s["name_masked"] for s in c.signers}  # a masked name is still the person's name
    found = {}

    def check(name, page):
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / f"{language}-{name}.png"), full_page=True)
        assert page.locator("html").get_attribute("lang").startswith(language), name
        found[name] = wrong_language(page, language, data)

    locale = {"zh": "zh-CN", "en": "en-US"}[language]
    phones = []
    try:
        with desktop_page(browser, locale, timeout=20000) as admin, \
                desktop_page(browser, locale, {"width": 1920, "height": 1080}, timeout=20000) as screen:
            # The organizer books from the wizard's last step and finds the result-page link.
            admin.goto(f"{live_server}/admin/login")
            check("admin-login", admin)
            admin.fill('input[name="username"]', organizer)
            admin.fill('input[name="password"]', "password-123")
            admin.click('button[type="submit"]')
            admin.wait_for_url(re.compile(r"/admin/meetings$"))
            admin.wait_for_selector("#meeting-list table")
            check("admin-meetings", admin)
            for step, ready in (("details", 'input[name="name"]'), ("participants", '[data-testid="participants"]'),
                                ("documents", ".page img"), ("layout", ".stage"), ("review", '[data-testid="book"]')):
                admin.goto(f"{live_server}/admin/meetings/{mid}/edit/{step}")
                admin.wait_for_selector(ready)
                check(f"admin-{step}", admin)
            admin.click('[data-testid="book"]')
            admin.wait_for_url(re.compile(rf"/admin/meetings/{mid}$"))
            result_url = admin.locator('[data-testid="result-url"]')
            result_url.wait_for()
            admin.wait_for_function("() => [...document.querySelectorAll('[data-testid=signer-qr]')].length === 2")
            check("admin-booked", admin)
            screen_path = "/screen/" + result_url.input_value().rsplit("/screen/", 1)[1]

            # The big screen waits for the signers, in the meeting's language.
            screen.goto(live_server + screen_path)
            screen.wait_for_selector("#live-status[data-mode=live]")
            check("screen-waiting", screen)

            # Each signer verifies, reads, marks, confirms and signs; each step in their language.
            for n, signer in enumerate(c.signers, 1):
                phone = Signer(browser, f"{live_server}/h5/s/{_scene(signer['id'])}",
                               locale={"zh": "zh-CN", "en": "en-US"}[language])
                phones.append(phone)
                page, emp = phone.page, _employee(SimpleNamespace(c=c), signer)
                page.goto(phone.url)
                phone.step("verify")
                check(f"signer{n}-verify", page)
                phone.verify(emp, sms_messages)
                page.wait_for_selector(".control.seal.done img")
                phone.tap(".control.signature")
                phone.draw()
                phone.read_every_page()
                check(f"signer{n}-read", page)
                phone.tap("#to-confirm")
                phone.step("confirm")
                check(f"signer{n}-confirm", page)
                phone.tap("#sign")
                phone.step("done")
                page.wait_for_selector("#notice[data-code=signed]")
                check(f"signer{n}-done", page)
                screen.wait_for_selector(f".seat[data-participant='{signer['id']}'] img.seal")
                assert page.js_errors == []
            screen.wait_for_selector("#stage[data-status=completed]", timeout=90_000)
            screen.wait_for_selector("#celebration:not([hidden])")
            check("screen-completed", screen)
            assert screen.js_errors == [] and admin.js_errors == []

            # Anyone checks the signed contract at /verify, in their browser's language.
            pdf = c.api.get(f"/api/contracts/{mid}/pdf")
            assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
            admin.goto(f"{live_server}/verify")
            check("verify-empty", admin)
            admin.set_input_files("#file", files=[{"name": "contract.pdf", "mimeType": "application/pdf",
                                                   "buffer": pdf.data}])
            admin.click("#submit")
            admin.wait_for_selector(".verdict")
            assert admin.get_attribute(".verdict", "data-authentic") == "true", admin.inner_text("#report")
            check("verify-report", admin)
            with capsys.disabled():
                print(f"\n[languages] {language}: {len(found)} pages read, lines in the wrong language: "
                      f"{sum(len(v) for v in found.values())}")
            assert found == {name: [] for name in found}
    finally:
        for phone in phones:
            phone.close()
