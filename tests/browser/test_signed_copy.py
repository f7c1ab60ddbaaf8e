"""A signer's signed copy at 360×640 in Chromium: "正在生成" on the done screen until sealed, the completion
SMS, its link proven by the phone, a downloaded PDF that pdfsig validates; a wrong code, someone else's link
and an expired link get nothing."""
import re
import shutil
import subprocess
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from tests.browser.test_ceremony import read_and_prepare

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def phone(browser):
    contexts = []

    def open_phone():
        context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        return page
    yield open_phone
    for context in contexts:
        context.close()


def _sms(sms_messages, template, phone):
    # In any language: the English text is the kind's own template, `<kind>@en`.
    return [m for m in sms_messages() if m["template"].split("@")[0] == template and m["to"] == phone]


def _wait_for_sms(sms_messages, template, phone, seconds=60):
    """The worker sends SMS in the background: wait until one has been written (the file backend)."""
    deadline = time.monotonic() + seconds
    while not _sms(sms_messages, template, phone):
        assert time.monotonic() < deadline, f"no {template} SMS to {phone}"
        time.sleep(0.2)
    return _sms(sms_messages, template, phone)[-1]


def _sign_in_browser(page, url, emp, sms_messages):
    page.goto(url)
    page.wait_for_selector("#step-verify:not([hidden])")
    page.click("#send-code")
    page.wait_for_function("() => document.getElementById('send-code').textContent.includes('秒后重发')")
    page.fill("#f-name", emp["name"])
    page.fill("#f-id", emp["id_number"])
    page.fill("#f-code", _sms(sms_messages, "otp", emp["phone"])[-1]["params"]["code"])
    page.click("#verify")
    read_and_prepare(page)
    page.click("#sign")
    page.wait_for_selector("#notice[data-code=signed]")


def _pdfsig_verdicts(path) -> tuple[list[str], str]:
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    return re.findall(r"Signature Validation: (.*)", out), out


def _prove(page, sms_messages, phone_number, *, code=None, wrong=False):
    """Ask for a code and type one: the newest on phone_number, a wrong one, or the one given."""
    page.click("#send-code")
    page.wait_for_function("() => /\\d/.test(document.getElementById('send-code').textContent)")  # counting down
    if code is None:
        code = _sms(sms_messages, "otp", phone_number)[-1]["params"]["code"]
        code = str((int(code) + 1) % 10**6).zfill(6) if wrong else code
    page.fill("#f-code", code)
    page.click("#prove")


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils needed")
def test_a_signer_gets_the_signed_copy_by_sms_and_proves_the_phone(app, booked, live_server, phone, sms_messages,
                                                                   worker, screenshots, tmp_path,  # noqa: F811
                                                                   monkeypatch):
    from backend.core.extensions import db
    from backend.models import AuditEvent, Document
    from backend.models.base import utcnow
    from backend.services import signed_copies

    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", live_server)  # the SMS's links lead to this server
    c = booked()
    me, other = c.phones  # one signer per enterprise
    db.session.rollback()  # the live server must not wait on this test's reads
    page = phone()
    _sign_in_browser(page, f"{live_server}/h5/s/{me.scene}", me.info, sms_messages)
    page.wait_for_selector("#copy-box[data-state=generating]")
    assert "正在生成" in page.inner_text("#copy-box") and "已签 1 / 2" in page.inner_text("#copy-box")
    page.screenshot(path=str(screenshots / "01-done-generating.png"), full_page=True)

    other.login().verify_by_sms()
    assert other.sign().status_code == 200
    db.session.rollback()
    page.wait_for_selector("#copy-box[data-state=ready]", timeout=90_000)  # sealed by the worker meanwhile
    page.screenshot(path=str(screenshots / "02-done-ready.png"), full_page=True)
    assert page.locator("#copy-box button.download").count() == 2  # the contract and the audit trail

    # The completion SMS, opened on a phone with nothing of the signing session.
    message = _wait_for_sms(sms_messages, "completed", me.info["phone"])
    assert "查看签署件" in message["text"]
    doc = Document.query.one()
    doc_id, final_sha = doc.id, doc.final_sha256
    db.session.rollback()
    link_page = phone()
    link_page.goto(live_server + urlparse(message["params"]["short_link"]).path)
    link_page.wait_for_selector("#step-prove:not([hidden])")
    assert urlparse(link_page.url).path.startswith("/h5/copy/")
    assert link_page.inner_text("#p-phone") == me.info["phone"][:3] + "****" + me.info["phone"][-4:]
    link_page.screenshot(path=str(screenshots / "03-link-prove.png"))

    # A wrong code gets nothing.
    _prove(link_page, sms_messages, me.info["phone"], wrong=True)
    link_page.wait_for_selector("#prove-alert[data-code=verification_failed]")
    assert link_page.is_hidden("#step-copy") and "不正确" in link_page.inner_text("#prove-alert")
    link_page.screenshot(path=str(screenshots / "04-link-wrong-code.png"))

    # The right code shows the summary, and the downloaded PDF is the sealed one.
    link_page.fill("#f-code", _sms(sms_messages, "otp", me.info["phone"])[-1]["params"]["code"])
    link_page.click("#prove")
    link_page.wait_for_selector("#step-copy:not([hidden])")
    text = link_page.inner_text("#copy")
    assert "北京时间" in text  # when it was signed, on the ceremony's clock
    assert "战略合作签约仪式" in text and c.org.name in text and c.other.name in text and final_sha in text
    link_page.screenshot(path=str(screenshots / "05-link-copy.png"), full_page=True)
    with link_page.expect_download() as download:
        link_page.locator("#copy button.download").first.click()
    assert download.value.suggested_filename == "合同（已签署）.pdf"
    saved = tmp_path / "signed.pdf"
    download.value.save_as(saved)
    verdicts, out = _pdfsig_verdicts(saved)
    assert verdicts and verdicts == ["Signature is Valid."] * len(verdicts), out
    assert "Total document signed" in out.rsplit("Signature #", 1)[1]
    downloads = [e.data for e in AuditEvent.query.filter_by(kind="copy_downloaded")]
    db.session.rollback()
    assert {"file": doc_id, "via": "link"}.items() <= downloads[-1].items()

    # Someone else's link: the code goes to its own phone, and my code does not open it.
    theirs = _wait_for_sms(sms_messages, "completed", other.info["phone"])
    mine_before = len(_sms(sms_messages, "otp", me.info["phone"]))
    foreign = phone()
    foreign.goto(live_server + urlparse(theirs["params"]["short_link"]).path)
    foreign.wait_for_selector("#step-prove:not([hidden])")
    assert foreign.inner_text("#p-phone").endswith(other.info["phone"][-4:])
    _prove(foreign, sms_messages, me.info["phone"], code=_sms(sms_messages, "otp", me.info["phone"])[-1]["params"]["code"])
    foreign.wait_for_selector("#prove-alert[data-code=verification_failed]")
    assert foreign.is_hidden("#step-copy")
    assert len(_sms(sms_messages, "otp", me.info["phone"])) == mine_before  # nothing went to my phone
    assert len(_sms(sms_messages, "otp", other.info["phone"])) >= 1
    foreign.screenshot(path=str(screenshots / "06-someone-elses-link.png"))

    # An expired link says so (the clock, injected into the live server's process).
    later = utcnow() + timedelta(days=31)
    monkeypatch.setattr(signed_copies, "utcnow", lambda: later)
    expired = phone()
    expired.goto(live_server + urlparse(message["params"]["short_link"]).path)
    expired.wait_for_selector("#notice[data-code=copy_link_expired]")
    assert "已过期" in expired.inner_text("#notice")
    expired.screenshot(path=str(screenshots / "07-link-expired.png"))
    for p in (page, link_page, foreign, expired):
        assert p.js_errors == []


def test_an_english_signer_reads_the_signed_copy_in_english(app, booked, live_server, phone, sms_messages,
                                                            worker, monkeypatch):  # noqa: F811
    """The completion SMS's link opens in the signer's language: no Chinese besides names, dates in English."""
    from backend.core.extensions import db
    from backend.models import Document, Meeting, Participant
    from backend.services.download_names import signed_name
    from tests.browser.test_signer_path import CJK, PAGE_TEXT

    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", live_server)
    c = booked()
    me = c.phones[0]
    db.session.get(Participant, c.signers[0]["id"]).language = "en"
    db.session.commit()
    for signer in c.phones:
        signer.login().verify_by_sms()
        assert signer.sign().status_code == 200
    message = _wait_for_sms(sms_messages, "completed", me.info["phone"], seconds=90)
    meeting = db.session.get(Meeting, c.meeting["id"])
    # The people's and the files' own names are data (a signed file's name is its original's plus a mark).
    data = {meeting.name, c.org.name, c.other.name, *(s["name"] for s in c.signers), *(s["name_masked"] for s in c.signers),
            *(f for d in Document.query.all() for f in (d.filename, signed_name(d), d.filename.rsplit(".", 1)[0]))}
    db.session.rollback()
    page = phone()
    page.goto(live_server + urlparse(message["params"]["short_link"]).path)
    page.wait_for_selector("#step-prove:not([hidden])")
    assert page.get_attribute("html", "lang") == "en" and "Valid until" in page.inner_text("#step-prove")
    _prove(page, sms_messages, me.info["phone"])
    page.wait_for_selector("#step-copy:not([hidden])")
    text = page.inner_text("#copy")
    assert "Signed at" in text and "China Standard Time" in text and "Download" in text
    shown = page.evaluate(PAGE_TEXT)
    for value in sorted(data, key=len, reverse=True):
        shown = [line.replace(value, "") for line in shown]
    assert [line for line in shown if CJK.search(line)] == []
    assert page.js_errors == []
