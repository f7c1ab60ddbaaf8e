"""The organizer's pages in an English browser, scripts and all: no Chinese but the names people typed."""
import re

import pytest

from tests.admin.test_languages import CJK, user_data

pytestmark = pytest.mark.browser


def visible_cjk(page, data) -> str:
    """The CJK characters the reader sees on the page, less user data and the switch's endonym."""
    text = page.evaluate("""() => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll('[lang="zh-CN"], script').forEach((el) => el.remove());
        return body.innerText + ' ' + [...body.querySelectorAll('[placeholder],[aria-label],[title]')]
          .map((el) => [el.placeholder, el.getAttribute('aria-label'), el.title].join(' ')).join(' ');
    }""")
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return "".join(CJK.findall(text))


def test_an_organizers_pages_in_english(app, live_server, english_page, screenshots, booked):
    from backend.core.extensions import db
    from backend.models import AdminUser
    c = booked()
    mid = c.meeting["id"]
    organizer = AdminUser.query.filter_by(enterprise_id=c.org.id, role="organizer").one().username
    data = user_data(app)
    db.session.commit()  # release the SQLite write lock for the live server
    page = english_page
    page.goto(f"{live_server}/admin/login")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill('input[name="username"]', organizer)
    page.fill('input[name="password"]', "password-123")
    page.click('button[type="submit"]')
    page.wait_for_url(re.compile(r"/admin/meetings$"))
    for n, (path, ready) in enumerate([
        ("/admin/meetings", "#meeting-list table"),
        ("/admin/meetings/new", 'select[name="screen_language"]'),
        (f"/admin/meetings/{mid}", '[data-testid="signer-link"]'),
        (f"/admin/meetings/{mid}/edit/participants", '[data-testid="participants"]'),
        (f"/admin/meetings/{mid}/edit/documents", ".page img"),
        (f"/admin/meetings/{mid}/edit/layout", ".stage"),
        (f"/admin/meetings/{mid}/edit/review", ".facts"),
        ("/admin/contracts", "table"),
    ], 1):
        page.goto(live_server + path)
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshots / f"{n:02d}-{path.strip('/').replace('/', '-')}.png"), full_page=True)
        assert visible_cjk(page, data) == "", path
    # Times name their zone in English, in the page's format.
    page.goto(f"{live_server}/admin/meetings/{mid}")
    span = page.locator(".facts dd").first.inner_text()
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M – .+ China Standard Time", span), span
    assert page.js_errors == []
