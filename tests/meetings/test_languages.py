"""Languages chosen per person: an enterprise's default, a participant's own, a user's, a meeting's screen."""
from datetime import timedelta

import pytest

from tests.support import iso


def _signer(c, emp, enterprise, **extra):
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "signer", "name": emp["name"], "id_number": emp["id_number"], "phone": emp["phone"],
        "enterprise_name": enterprise.name, **extra})
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def test_a_participant_speaks_their_enterprises_language_unless_the_organizer_chooses(ceremony, make_employee):
    c = ceremony(signers_per_enterprise=0)
    assert c.other.admin.patch(f"/api/enterprises/{c.other.id}", json={"language": "en"}).get_json()["language"] == "en"
    partner = _signer(c, make_employee(c.other, "Anna Schmidt"), c.other)
    own = _signer(c, make_employee(c.org, "李四"), c.org)
    assert (partner["language"], own["language"]) == ("en", "zh")
    changed = c.api.patch(f"/api/meetings/{c.meeting['id']}/participants/{own['id']}", json={"language": "en"})
    assert changed.status_code == 200 and changed.get_json()["language"] == "en"
    chosen = _signer(c, make_employee(c.other, "Ben Tan"), c.other, language="zh")
    assert chosen["language"] == "zh"


def test_a_registry_pick_takes_the_language_asked_for(ceremony, make_employee):
    c = ceremony(signers_per_enterprise=0)
    emp = make_employee(c.org, "王五")
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants/from-registry",
                     json={"role": "signer", "employee_id": emp["id"], "language": "en"})
    assert res.status_code == 201, res.get_json()
    assert res.get_json()["language"] == "en"


@pytest.mark.parametrize("bad", ["fr", "", 3, None])
def test_an_unknown_language_is_refused_and_changes_nothing(ceremony, bad):
    c = ceremony(signers_per_enterprise=1)
    signer = c.signers[0]
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}/participants/{signer['id']}", json={"language": bad})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "validation_error"
    assert "language" in res.get_json()["error"]["fields"]
    shown = c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()["participants"]
    assert [p["language"] for p in shown if p["id"] == signer["id"]] == ["zh"]


def test_the_screen_language_is_chosen_with_the_meeting_and_can_change(ceremony):
    c = ceremony(signers_per_enterprise=0)
    assert c.meeting["screen_language"] == "zh"
    made = c.api.post("/api/meetings", json={"name": "Bilingual signing", "starts_at": iso(timedelta(hours=3)),
                                             "ends_at": iso(timedelta(hours=4)), "screen_language": "bilingual"})
    assert made.status_code == 201 and made.get_json()["screen_language"] == "bilingual"
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"screen_language": "en"})
    assert res.status_code == 200 and res.get_json()["screen_language"] == "en"
    bad = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"screen_language": "de"})
    assert bad.status_code == 422 and "screen_language" in bad.get_json()["error"]["fields"]


def test_a_user_who_chose_english_reads_english_whatever_the_browser_says(make_enterprise):
    e = make_enterprise()
    api = e.organizer
    zh = api.get("/api/meetings/nope", headers={"Accept-Language": "zh-CN"}).get_json()["error"]
    assert api.patch("/api/auth/me", json={"language": "en"}).get_json()["language"] == "en"
    en = api.get("/api/meetings/nope", headers={"Accept-Language": "zh-CN"}).get_json()["error"]
    assert en["code"] == zh["code"] == "not_found"
    assert en["message"] != zh["message"]
    assert api.patch("/api/auth/me", json={"language": None}).get_json()["language"] is None
    assert api.get("/api/meetings/nope", headers={"Accept-Language": "zh-CN"}).get_json()["error"] == zh


@pytest.mark.parametrize("screen_language, written", [("zh", "2026年11月25日"), ("bilingual", "2026年11月25日"),
                                                      ("en", "November 25, 2026")])
def test_a_date_control_writes_the_date_in_the_meetings_language(app, screen_language, written):
    from datetime import datetime, timezone

    from backend.services.meeting_languages import contract_date
    # 20:00 UTC is the next morning in China: the contract's date is China's.
    assert contract_date(datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc), screen_language) == written
