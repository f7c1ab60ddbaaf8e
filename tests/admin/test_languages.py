"""The admin pages in Chinese or English: the signed-in user's choice, else the browser's; dates name their zone."""
import html
import json
import re
from datetime import datetime, timezone

import pytest

from backend.models import AdminUser
from tests.admin.conftest import text_of

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# The switch names each language in itself ("中文" on English pages too): a reader lost in the other
# language still finds their own. Elements marked lang="zh-CN" on an English page are that, not interface.
ZH_ELEMENT = re.compile(r'<(\w+)[^>]*\blang="zh-CN"[^>]*>.*?</\1>', re.S)
EN = {"Accept-Language": "en-US,en;q=0.9"}
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}

ADMIN_PAGES = ["/admin/meetings", "/admin/meetings/new", "/admin/contracts", "/admin/invitations",
               "/admin/signing", "/admin/employees", "/admin/seals", "/admin/accounts", "/admin/api-keys",
               "/admin/webhooks"]
OPERATOR_PAGES = ["/admin/enterprises", "/admin/approvals"]


def interface_text(body: str, *user_data: str) -> str:
    """The page as a reader sees it, less user data (names typed by people) and the switch's endonyms."""
    text = ZH_ELEMENT.sub("", html.unescape(body))
    for value in sorted(user_data, key=len, reverse=True):
        text = text.replace(value, "")
    return text


def assert_english(body: str, *user_data: str) -> None:
    leftover = CJK.findall(interface_text(body, *user_data))
    assert not leftover, "".join(leftover)


def user_data(app) -> list[str]:
    """Every name people typed or uploaded (enterprises, users, people, meetings, seals, files): data, not interface."""
    from backend.models import Document, Employee, Enterprise, Meeting, Participant, Seal
    values = [e.name for e in Enterprise.query] + [u.username for u in AdminUser.query]
    values += [e.name for e in Employee.query] + [m.name for m in Meeting.query]
    values += [p.name for p in Participant.query] + [p.enterprise_name for p in Participant.query]
    values += [s.name for s in Seal.query] + [d.filename for d in Document.query]
    return [v for v in values if v]


def language_of(username: str) -> str | None:
    """The language stored for a user, read afresh."""
    return AdminUser.query.filter_by(username=username).one().language


def test_the_sign_in_page_follows_the_browser(pages):
    english = text_of(pages.get("/admin/login", headers=EN))
    assert '<html lang="en">' in english and "Sign in to the admin console" in english
    assert_english(english)
    chinese = text_of(pages.get("/admin/login", headers=ZH))
    assert '<html lang="zh-CN">' in chinese and "登录管理后台" in chinese


def test_the_sign_in_page_offers_both_languages_and_lang_chooses_one(pages):
    body = text_of(pages.get("/admin/login?next=/admin/seals", headers=ZH))
    assert 'href="/admin/login?lang=en&amp;next=/admin/seals"' in body and ">English</a>" in body
    english = text_of(pages.get("/admin/login?lang=en", headers=ZH))
    assert '<html lang="en">' in english and "Sign in" in english


def test_english_chosen_on_the_sign_in_page_stays_after_signing_in(app, pages, make_enterprise):
    made = make_enterprise()
    user = AdminUser.query.filter_by(enterprise_id=made.id, role="organizer").first()
    pages.get("/admin/login?lang=en", headers=ZH)
    res = pages.post("/admin/login?lang=en", {"username": user.username, "password": "password-123"}, headers=ZH)
    assert res.status_code == 302 and language_of(user.username) == "en"
    assert '<html lang="en">' in text_of(pages.get("/admin/meetings", headers=ZH))


def test_signing_in_keeps_a_choice_made_before(app, pages, make_enterprise):
    made = make_enterprise()
    user = AdminUser.query.filter_by(enterprise_id=made.id, role="organizer").first()
    username, user.language = user.username, "zh"
    app.extensions["sqlalchemy"].session.commit()
    pages.get("/admin/login?lang=en")
    pages.post("/admin/login?lang=en", {"username": username, "password": "password-123"}, headers=EN)
    assert language_of(username) == "zh"
    assert '<html lang="zh-CN">' in text_of(pages.get("/admin/meetings", headers=EN))


@pytest.mark.parametrize("role", ["admin", "organizer"])
def test_every_enterprise_page_under_an_english_browser_is_english(app, pages, make_enterprise, make_employee, role):
    made = make_enterprise()
    make_employee(made, "李四")
    pages.sign_in_as(made, role=role)
    data = user_data(app)
    for url in ADMIN_PAGES:
        res = pages.get(url, headers=EN, follow_redirects=True)
        if res.status_code == 403:
            assert role == "organizer"
            continue
        assert res.status_code == 200, url
        body = text_of(res)
        assert '<html lang="en">' in body, url
        assert_english(body, *data)


def test_the_operator_pages_under_an_english_browser_are_english(app, pages, operator, make_enterprise):
    make_enterprise(approved=False)
    pages.sign_in("op")
    for url in OPERATOR_PAGES:
        body = text_of(pages.get(url, headers=EN))
        assert_english(body, *user_data(app))


def test_a_booked_meetings_pages_are_english(app, pages, booked):
    c = booked()
    pages.sign_in_as(c.org, role="organizer")
    for url in (f"/admin/meetings/{c.meeting['id']}", f"/admin/meetings/{c.meeting['id']}/edit/review",
                "/admin/contracts"):
        res = pages.get(url, headers=EN)
        assert res.status_code == 200, url
        assert_english(text_of(res), *user_data(app))


def test_a_contracts_page_is_english(app, pages, booked):
    c = booked()
    pages.sign_in_as(c.org, role="organizer")
    assert_english(text_of(pages.get(f"/admin/contracts/{c.meeting['id']}", headers=EN)), *user_data(app))


def test_the_scripts_strings_come_in_english(pages, make_enterprise):
    pages.sign_in_as(make_enterprise(), role="organizer")
    body = text_of(pages.get("/admin/meetings/new", headers=EN))
    strings = json.loads(re.search(r'<script type="application/json" id="i18n">(.*?)</script>', body, re.S).group(1))
    assert strings["screen_language_bilingual"] == "Chinese and English"
    assert strings["language_en"] == "English" and strings["in_zone"] == "(%(zone)s)"
    assert not [key for key, value in strings.items() if CJK.search(value)]


def test_a_user_who_chose_english_reads_english_whatever_the_browser(app, pages, make_enterprise):
    made = make_enterprise()
    user = AdminUser.query.filter_by(enterprise_id=made.id, role="admin").first()
    user.language = "en"
    app.extensions["sqlalchemy"].session.commit()
    pages.sign_in(user.username)
    body = text_of(pages.get("/admin/employees", headers=ZH))
    assert '<html lang="en">' in body and "Employees" in body
    assert_english(body, *user_data(app))
    assert pages.client.get("/api/auth/me", headers=ZH).get_json()["language"] == "en"


def test_the_switch_stores_the_choice_and_returns_to_the_page(app, pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made)
    body = text_of(pages.get("/admin/seals", headers=ZH))
    assert 'data-testid="language-switch"' in body and "印章管理" in body
    res = pages.post("/admin/language", {"language": "en", "next": "/admin/seals"}, headers=ZH)
    assert res.status_code == 302 and res.headers["Location"] == "/admin/seals"
    user = AdminUser.query.filter_by(enterprise_id=made.id, role="admin").first()
    assert user.language == "en"
    english = text_of(pages.get("/admin/seals", headers=ZH))
    assert '<html lang="en">' in english and "Seals" in english
    back = pages.post("/admin/language", {"language": "zh", "next": "/admin/seals"}, headers=EN)
    assert back.status_code == 302
    assert "印章管理" in text_of(pages.get("/admin/seals", headers=EN))


@pytest.mark.parametrize("form", [{"language": "de"}, {"language": ""}, {}])
def test_the_switch_refuses_other_languages_and_changes_nothing(app, pages, make_enterprise, form):
    made = make_enterprise()
    pages.sign_in_as(made)
    res = pages.post("/admin/language", {**form, "next": "/admin/seals"})
    assert res.status_code == 400
    assert AdminUser.query.filter_by(enterprise_id=made.id, role="admin").first().language is None


def test_the_switch_never_sends_anyone_off_the_admin_pages(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    res = pages.post("/admin/language", {"language": "en", "next": "//evil.example/"})
    assert res.status_code == 302 and res.headers["Location"] == "/admin/"


def test_the_switch_needs_the_forms_token(pages, make_enterprise):
    made = make_enterprise()
    pages.sign_in_as(made)
    res = pages.post("/admin/language", {"language": "en"}, csrf=False)
    assert res.status_code == 403
    assert AdminUser.query.filter_by(enterprise_id=made.id, role="admin").first().language is None


def test_the_switch_sends_a_stranger_to_sign_in(pages):
    res = pages.post("/admin/language", {"language": "en"})
    assert res.status_code == 302 and res.headers["Location"].startswith("/admin/login")


def test_times_are_shown_in_the_pages_language_with_the_zone_named(app, pages, make_enterprise):
    made = make_enterprise()
    user = AdminUser.query.filter_by(enterprise_id=made.id, role="admin").first()
    user.created_at = datetime(2026, 12, 5, 6, 0, tzinfo=timezone.utc)
    app.extensions["sqlalchemy"].session.commit()
    pages.sign_in_as(made)
    assert "Dec 5, 2026, 2:00\u202fPM China Standard Time" in text_of(pages.get("/admin/accounts", headers=EN)) \
        or "Dec 5, 2026, 2:00 PM China Standard Time" in text_of(pages.get("/admin/accounts", headers=EN))
    assert "2026年12月5日 14:00 中国标准时间" in text_of(pages.get("/admin/accounts", headers=ZH))


def test_the_error_page_follows_the_language(app, pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    res = pages.get("/admin/meetings/abc/edit/nonsense", headers=EN)
    assert res.status_code == 404
    body = text_of(res)
    assert '<html lang="en">' in body and "This page does not exist" in body
    assert_english(body, *user_data(app))
