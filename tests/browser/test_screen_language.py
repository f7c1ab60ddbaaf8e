"""The big screen drawn in its language: English only, or Chinese with English beneath (bilingual)."""
import re
from datetime import timedelta

import pytest

from tests.browser.axe import assert_no_serious
from tests.browser.test_screen_layout import OVERFLOW_JS
from tests.screen.helpers import book_open_meeting, sign_directly

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]")


@pytest.fixture
def two_signers(app, ceremony):
    return book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1))


def _speak(booked, language):
    from backend.core.extensions import db
    from backend.models import Meeting
    db.session.get(Meeting, booked.meeting_id).screen_language = language
    db.session.commit()
    db.session.remove()  # never keep the live server waiting on this test's transaction


def _open(browser, live_server, booked, *, locale="zh-CN"):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale=locale, timezone_id="Europe/Berlin")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + booked.screen)
    page.wait_for_selector("#live-status[data-mode=live]")
    return context, page, errors


def _user_data(page) -> list[str]:
    """What the organizer and the enterprises typed, read from the screen's own state."""
    state = page.evaluate("async () => (await fetch(location.pathname + '/state')).json()")
    names = [state["meeting"]["name"]]
    for person in state["signers"] + state["seats"]:
        names += [person["enterprise_name"], person["display_name"], person["name_masked"], person.get("title") or ""]
    names += [d["filename"] for d in state["documents"]]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _shown(page) -> str:
    """Every word on screen and for screen readers: text, alt text, labels, titles, the document's title."""
    # The contract preview draws the document itself: its date stamps are the contract's text, not the screen's.
    return page.evaluate("""() => {
      const stamps = [...document.querySelectorAll('.preview .mark')].map((m) => m.innerText).filter(Boolean);
      const text = stamps.reduce((all, stamp) => all.split(stamp).join(''), document.body.innerText);
      const labels = [...document.querySelectorAll('[alt],[aria-label],[title]')].flatMap(
        (e) => [e.getAttribute('alt'), e.getAttribute('aria-label'), e.getAttribute('title')]);
      return [document.title, text, ...labels].filter(Boolean).join('\\n');
    }""")


def test_an_english_screen_shows_no_chinese_but_names(browser, live_server, two_signers, screenshots):
    _speak(two_signers, "en")
    context, page, errors = _open(browser, live_server, two_signers, locale="zh-CN")  # the meeting's language wins
    try:
        assert page.get_attribute("html", "lang") == "en"
        page.wait_for_function("() => document.getElementById('progress-text').textContent === '0 of 2 signed'")
        assert re.search(r"China Standard Time", page.inner_text("#meeting-time"))  # Beijing time, named
        sign_directly(two_signers.signers[0]["id"])
        page.wait_for_function("() => document.getElementById('progress-text').textContent === '1 of 2 signed'")
        page.wait_for_function(
            "() => /^Signed \\d/.test(document.querySelector('.seat[data-status=signed] .state').textContent)")
        page.screenshot(path=str(screenshots / "screen-en.png"))
        text = _shown(page)
        for item in _user_data(page):
            text = text.replace(item, "")
        assert CJK.findall(text) == [], text
        assert_no_serious(page)
        assert errors == []
    finally:
        context.close()


def test_a_bilingual_screen_stacks_english_beneath_chinese(browser, live_server, two_signers, screenshots):
    _speak(two_signers, "bilingual")
    context, page, errors = _open(browser, live_server, two_signers, locale="en-US")
    try:
        progress = page.locator("#progress-text .say")
        page.wait_for_function("() => document.querySelectorAll('#progress-text .say').length === 2")
        assert progress.all_inner_texts() == ["已签署 0 / 2", "0 of 2 signed"]
        # Stacked: the English line sits beneath the Chinese one.
        zh, en = (box.bounding_box() for box in progress.all())
        assert en["y"] >= zh["y"] + zh["height"] - 1
        chip = page.locator("#meeting-status .say").all_inner_texts()
        assert chip == ["签署已开放", "Signing open"]
        times = page.locator("#meeting-time .say").all_inner_texts()
        assert times[0].endswith("北京时间") and times[1].endswith("China Standard Time")
        states = page.locator(".seat .state").first.locator(".say").all_inner_texts()
        assert states == ["请扫码签署", "Scan to sign"]
        sign_directly(two_signers.signers[0]["id"])
        page.wait_for_function("() => document.getElementById('progress-text').innerText.includes('1 of 2 signed')")
        page.screenshot(path=str(screenshots / "screen-bilingual.png"))
        body = page.inner_text("body")
        assert "线上战略签约" in body and "Online strategic signing" in body
        assert_no_serious(page)  # each stacked line says which language it is in (lang)
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("width, height", [(1280, 720), (3840, 2160)])
def test_the_stacked_words_still_fit_the_stage(browser, live_server, ceremony, screenshots, width, height):
    booked = book_open_meeting(ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=2))
    _speak(booked, "bilingual")
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        page.goto(live_server + booked.screen)
        page.wait_for_selector("#live-status[data-mode=live]")
        page.wait_for_function("() => [...document.images].every((i) => i.complete && i.naturalWidth > 0)")
        assert page.evaluate(OVERFLOW_JS) == []
        sign_directly(booked.signers[0]["id"])
        page.wait_for_function("() => document.querySelectorAll('.seat[data-status=signed] img.seal').length === 1")
        page.wait_for_timeout(1600)  # the stamp has landed
        assert page.evaluate(OVERFLOW_JS) == []
        # The English status line is inside its card, not clipped under it.
        assert page.evaluate("""() => [...document.querySelectorAll('.seat .state .say + .say')].map((line) => {
          const r = line.getBoundingClientRect(), card = line.closest('.seat').getBoundingClientRect();
          return r.height > 0 && r.bottom <= card.bottom + 0.5;
        })""") == [True] * 4
        page.screenshot(path=str(screenshots / f"bilingual-{width}x{height}.png"))
    finally:
        context.close()
