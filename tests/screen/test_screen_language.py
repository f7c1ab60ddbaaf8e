"""The big screen speaks its meeting's screen language: Chinese, English, or both stacked (bilingual)."""
import json
import re

import pytest

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]")
STRINGS = re.compile(r'<script type="application/json" id="strings">(.*?)</script>', re.S)


def _speak(booked, language):
    from backend.core.extensions import db
    from backend.models import Meeting
    db.session.get(Meeting, booked.meeting_id).screen_language = language
    db.session.commit()


def _page(client, booked, **headers):
    res = client.get(booked.screen, headers=headers)
    assert res.status_code == 200
    html = res.get_data(as_text=True)
    return html, json.loads(STRINGS.search(html).group(1))


def _user_data(client, booked) -> list[str]:
    """What the organizer and the enterprises typed: shown as written, in any language."""
    state = client.get(f"{booked.screen}/state").get_json()
    names = [state["meeting"]["name"]]
    for person in state["signers"] + state["seats"]:
        names += [person["enterprise_name"], person["display_name"], person["name_masked"], person.get("title") or ""]
    names += [d["filename"] for d in state["documents"]]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _without(text: str, data: list[str]) -> str:
    for item in data:
        text = text.replace(item, "")
    return text


def test_an_english_screen_has_no_chinese_but_names(client, booked):
    _speak(booked, "en")
    html, strings = _page(client, booked, **{"Accept-Language": "zh-CN"})  # the meeting's language wins
    assert '<html lang="en">' in html
    assert list(strings) == ["en"]
    assert strings["en"]["progress.signed"] == "%(signed)s of %(total)s signed"
    assert strings["en"]["meeting.in_progress"] and not CJK.search(json.dumps(strings, ensure_ascii=False))
    assert "Full screen" in html and "Online strategic signing" in html
    leftover = CJK.findall(_without(html, _user_data(client, booked)))
    assert leftover == []


def test_a_bilingual_screen_shows_chinese_with_english_beneath(client, booked):
    _speak(booked, "bilingual")
    html, strings = _page(client, booked)
    assert list(strings) == ["zh", "en"]  # the stacking order
    assert strings["zh"]["progress.signed"] == "已签署 %(signed)s / %(total)s"
    assert strings["en"]["progress.signed"] == "%(signed)s of %(total)s signed"
    # The stage's own words, stacked: Chinese first, English beneath.
    assert re.search(r'<span class="say" lang="zh-CN">签约成功</span><span class="say" lang="en">Signing complete</span>', html)
    assert re.search(r'lang="zh-CN">线上战略签约</span><span class="say" lang="en">Online strategic signing', html)


def test_a_chinese_screen_is_the_default_and_ignores_the_browser(client, booked):
    html, strings = _page(client, booked, **{"Accept-Language": "en"})
    assert '<html lang="zh-CN">' in html and list(strings) == ["zh"]
    assert "全屏显示" in html and "Full screen" not in html


@pytest.mark.parametrize("language, label, refusal", [
    ("en", "Signing open", "Only the host link can change the screen"),
    ("zh", "签署已开放", "只有主持人链接可以调整大屏"),
])
def test_the_state_and_refusals_speak_the_screen_language(client, booked, language, label, refusal):
    _speak(booked, language)
    state = client.get(f"{booked.screen}/state").get_json()
    assert state["meeting"]["phase"] == "signing_open" and state["meeting"]["status_label"] == label
    res = client.put(f"{booked.screen}/layout", json={"show_qr": False})
    assert res.status_code == 403
    assert res.get_json()["error"] == {"code": "host_required", "message": refusal}  # the code never changes


def test_an_unknown_screen_link_answers_in_the_request_language(client):
    res = client.get("/screen/" + "Z" * 32, headers={"Accept-Language": "en"})
    assert res.status_code == 404
    html = res.get_data(as_text=True)
    assert '<html lang="en">' in html and "This screen link is not valid" in html and not CJK.search(html)
    zh = client.get("/screen/" + "Z" * 32).get_data(as_text=True)
    assert "大屏链接无效" in zh
