"""The H5 shells speak their reader's language: the signer's, the employee's, else the request's; `?lang=`
switches. An English page shows no CJK besides a name in another language; a Chinese page no Latin-only
words; and every key a page's script asks for is in that page's strings."""
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backend.core.extensions import db
from backend.models import CopyLink, Employee, Enterprise, Participant
from backend.models.base import utcnow
from backend.services.signed_copies import token_digest
from backend.web import page_strings

H5 = Path(__file__).resolve().parents[2] / "h5"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
# Latin words a Chinese page may show: the brand, file formats, units and codes.
LATIN_OK = re.compile(r"Signstage|SHA-256|PDF|\.pdf|MB|JavaScript|%\(\w+\)s")
SHELLS = {"/h5/s/AbCdEf0123456789AbCdEf01": "signer", "/h5/activate/some-activation-token": "activate",
          "/h5/copy/AbCdEf0123456789AbCdEf0123456789": "copy", "/verify": "verify"}


class Page(HTMLParser):
    """A shell's own words (text, titles, labels) and its strings for the script."""

    def __init__(self, html: str):
        super().__init__()
        self.words, self.strings, self.lang, self._stack, self._script = [], {}, None, [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        # Text marked as another language (the switch names 中文 in Chinese) is not the page's.
        other = tag != "html" and "lang" in attrs
        if tag not in ("meta", "link", "input", "img", "br"):
            self._stack.append(other or bool(self._stack and self._stack[-1]))
        self._script = attrs.get("id") if tag == "script" else None
        if not other:
            self.words += [attrs[a] for a in ("aria-label", "alt", "placeholder", "title") if attrs.get(a)]

    def handle_endtag(self, tag):
        if self._stack and tag not in ("meta", "link", "input", "img", "br"):
            self._stack.pop()
        self._script = None

    def handle_data(self, data):
        if self._script == "strings":
            self.strings = json.loads(data)
        elif data.strip() and not (self._stack and self._stack[-1]):
            self.words.append(data.strip())


def _page(client, url, **headers) -> Page:
    res = client.get(url, headers=headers)
    assert res.status_code == 200 and res.mimetype == "text/html"
    return Page(res.get_data(as_text=True))


def _english_only(page: Page) -> list[str]:
    words = page.words + [v for table in page.strings.values() for v in table.values()]
    return [w for w in words if CJK.search(w)]


def _latin_only(page: Page) -> list[str]:
    words = page.words + [v for table in page.strings.values() for v in table.values()]
    return [w for w in words if LATIN.search(LATIN_OK.sub("", w)) and not CJK.search(w)]


@pytest.mark.parametrize("url", SHELLS)
def test_a_shell_asked_in_english_has_no_chinese(client, url):
    page = _page(client, url, **{"Accept-Language": "en-US,en;q=0.9"})
    assert page.lang == "en" and list(page.strings) == ["en"]
    assert _english_only(page) == []


@pytest.mark.parametrize("url", SHELLS)
def test_a_shell_in_chinese_has_no_latin_only_words(client, url):
    page = _page(client, url, **{"Accept-Language": "zh-CN"})
    assert page.lang == "zh-CN" and list(page.strings) == ["zh"]
    assert _latin_only(page) == []


@pytest.mark.parametrize("url, switch", [("/h5/s/AbCdEf0123456789AbCdEf01", True), ("/verify", True),
                                         ("/h5/copy/AbCdEf0123456789AbCdEf0123456789", False)])
def test_lang_switches_and_the_page_offers_the_other_language(client, url, switch):
    page = _page(client, f"{url}?lang=en", **{"Accept-Language": "zh-CN"})
    assert page.lang == "en" and _english_only(page) == []
    html = client.get(url, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert ('href="?lang=en" lang="en"' in html) is switch
    assert ('href="?lang=zh" lang="zh-CN"' in client.get(f"{url}?lang=en").get_data(as_text=True)) is switch


def _participant(booked, language):
    c = booked()
    participant = db.session.get(Participant, c.signers[0]["id"])
    participant.language = language
    db.session.commit()
    return participant


def test_the_signer_page_speaks_the_participants_language_unless_the_visitor_switches(client, booked):
    scene = _participant(booked, "en").scene_token
    page = _page(client, f"/h5/s/{scene}", **{"Accept-Language": "zh-CN"})
    assert page.lang == "en" and _english_only(page) == []
    assert page.strings["en"]["step.verify"] == "Verify identity"
    assert _page(client, f"/h5/s/{scene}?lang=zh").lang == "zh-CN"
    # An unknown scene has no person: the request's language (the API says "not found" later).
    assert _page(client, "/h5/s/NoSuchScene0000", **{"Accept-Language": "en"}).lang == "en"
    assert _page(client, "/h5/s/NoSuchScene0000", **{"Accept-Language": "zh"}).lang == "zh-CN"


def test_the_activation_page_speaks_the_employees_language_else_the_enterprises(client, make_enterprise,
                                                                                make_employee, sms_messages):
    e = make_enterprise()
    emp = make_employee(e, "韩梅梅", active=False)
    assert e.admin.post(f"/api/employees/{emp['id']}/invite").status_code == 200
    url = "/h5/activate/" + sms_messages()[-1]["params"]["link"].rsplit("/", 1)[-1]
    assert _page(client, url, **{"Accept-Language": "en"}).lang == "zh-CN"  # the enterprise's, zh
    db.session.get(Enterprise, e.id).language = "en"
    db.session.commit()
    assert _page(client, url).lang == "en"
    db.session.get(Employee, emp["id"]).language = "zh"
    db.session.commit()
    assert _page(client, url, **{"Accept-Language": "en"}).lang == "zh-CN"


def test_the_copy_page_speaks_the_participants_language(client, booked):
    participant = _participant(booked, "en")
    db.session.add(CopyLink(meeting_id=participant.meeting_id, participant_id=participant.id,
                            token_hash=token_digest("CopyToken0123456789"), phone_enc="x", phone_hmac="x",
                            expires_at=utcnow() + timedelta(days=1)))
    db.session.commit()
    page = _page(client, "/h5/copy/CopyToken0123456789", **{"Accept-Language": "zh-CN"})
    assert page.lang == "en" and _english_only(page) == []


# The page each script runs on (h5/signer/preview.js: the organizer's preview of a signer's phone).
SCRIPTS = {"signer": page_strings.SIGNER_STRINGS, "activate": page_strings.ACTIVATE_STRINGS,
           "copy": page_strings.COPY_STRINGS, "verify": page_strings.VERIFY_STRINGS}
SHARED = {"common": SCRIPTS.values(), "common/signer-steps.js": (page_strings.SIGNER_STRINGS,),
          "copy/view.js": (page_strings.SIGNER_STRINGS, page_strings.COPY_STRINGS),
          "signer/viewer.js": (page_strings.SIGNER_STRINGS, page_strings.SIGNER_PREVIEW_STRINGS),
          "signer/preview.js": (page_strings.SIGNER_PREVIEW_STRINGS,)}
KEY = re.compile(r'"([a-z_]+(?:\.[a-z_]+)+)"')


def _tables(js: Path):
    rel = js.relative_to(H5).as_posix()
    return SHARED.get(rel) or SHARED.get(js.parent.name) or (SCRIPTS[js.parent.name],)


@pytest.mark.parametrize("js", sorted(p for folder in ("common", *SCRIPTS) for p in (H5 / folder).glob("*.js")),
                         ids=lambda p: p.relative_to(H5).as_posix())
def test_every_key_a_script_asks_for_is_in_its_pages_strings(js):
    keys = set(KEY.findall(js.read_text(encoding="utf-8"))) - {"signer.js"}
    for table in _tables(js):
        assert keys <= set(table), sorted(keys - set(table))


@pytest.mark.parametrize("js", sorted(p for folder in ("common", *SCRIPTS) for p in (H5 / folder).glob("*.js")),
                         ids=lambda p: p.relative_to(H5).as_posix())
def test_no_script_carries_chinese_of_its_own(js):
    assert not CJK.search(js.read_text(encoding="utf-8"))
