"""The big-screen layout through the organizer API: footprints kept on the stage, logo places, presentation choices."""
from datetime import timedelta

import pytest

from tests.support import iso


@pytest.fixture
def meeting(ceremony):
    c = ceremony(signers_per_enterprise=1)
    c.url = f"/api/meetings/{c.meeting['id']}/layout"
    return c


def test_a_seat_whose_card_would_leave_the_stage_is_refused_and_nothing_changes(meeting):
    c = meeting
    signer = c.signers[0]["id"]
    before = c.api.get(c.url).get_json()
    # The centre is on the stage, but a signer's card (QR code and all) centred there would cross its edge.
    for x, y in [(0.03, 0.5), (0.5, 0.95), (0.97, 0.1)]:
        res = c.api.put(c.url, json={"seats": [{"participant_id": signer, "x": x, "y": y}]})
        assert res.status_code == 422, (x, y)
        assert "超出舞台" in res.get_json()["error"]["fields"]["seats.0"][0]
    assert c.api.get(c.url).get_json()["seats"] == before["seats"]
    # A guest's smaller card fits where a signer's would not.
    host = c.host["id"]
    assert c.api.put(c.url, json={"seats": [{"participant_id": host, "x": 0.07, "y": 0.5}]}).status_code == 200
    res = c.api.put(c.url, json={"seats": [{"participant_id": signer, "x": 0.07, "y": 0.5}]})
    assert res.status_code == 422


def test_logos_stand_where_placed_and_unplaced_ones_stand_automatically(meeting):
    c = meeting
    auto = c.api.get(c.url).get_json()["logo_positions"]
    assert set(auto) == {c.org.name, c.other.name}
    res = c.api.put(c.url, json={"logo_positions": {c.org.name: {"x": 0.5, "y": 0.91}}})
    assert res.status_code == 200, res.get_json()
    places = res.get_json()["logo_positions"]
    assert places[c.org.name] == {"x": 0.5, "y": 0.91} and places[c.other.name] == auto[c.other.name]
    for body, field in [({"somebody else": {"x": 0.5, "y": 0.5}}, "logo_positions.somebody else"),
                        ({c.org.name: {"x": 0.01, "y": 0.5}}, f"logo_positions.{c.org.name}")]:
        res = c.api.put(c.url, json={"logo_positions": body})
        assert res.status_code == 422 and field in res.get_json()["error"]["fields"], res.get_json()
    assert c.api.get(c.url).get_json()["logo_positions"][c.org.name] == {"x": 0.5, "y": 0.91}


def test_presentation_choices_are_saved_checked_and_cloned(meeting):
    c = meeting
    assert {k: c.api.get(c.url).get_json()[k] for k in ("names", "banner", "celebration_seconds")} == {
        "names": "full", "banner": "bottom", "celebration_seconds": 8}
    for bad in [{"names": "initials"}, {"banner": "top"}, {"celebration_seconds": 61}, {"celebration_seconds": -1},
                {"celebration_seconds": True}, {"celebration_seconds": "5"}, {"celebration_seconds": 2.5}]:
        res = c.api.put(c.url, json=bad)
        assert res.status_code == 422, bad
    chosen = {"names": "masked", "banner": "right", "celebration_seconds": 0}
    res = c.api.put(c.url, json=chosen)
    assert res.status_code == 200 and {k: res.get_json()[k] for k in chosen} == chosen
    copy = c.api.post(f"/api/meetings/{c.meeting['id']}/clone", json={
        "starts_at": iso(timedelta(days=7)), "ends_at": iso(timedelta(days=7, hours=2))}).get_json()
    cloned = c.api.get(f"/api/meetings/{copy['id']}/layout").get_json()
    assert {k: cloned[k] for k in chosen} == chosen


def test_a_participant_has_a_title_that_can_be_changed_and_cleared(meeting):
    c = meeting
    mid = c.meeting["id"]
    res = c.api.post(f"/api/meetings/{mid}/participants", json={
        "role": "observer", "name": "陈嘉宾", "phone": "13900001111", "enterprise_name": "华东商会", "title": " 会长 "})
    assert res.status_code == 201 and res.get_json()["title"] == "会长"
    pid = res.get_json()["id"]
    assert c.api.patch(f"/api/meetings/{mid}/participants/{pid}", json={"title": "名誉会长"}).get_json()["title"] == "名誉会长"
    assert c.api.patch(f"/api/meetings/{mid}/participants/{pid}", json={"name": "陈嘉宾"}).get_json()["title"] == "名誉会长"
    assert c.api.patch(f"/api/meetings/{mid}/participants/{pid}", json={"title": None}).get_json()["title"] is None
    for bad in ["", "   ", "长" * 51]:
        res = c.api.patch(f"/api/meetings/{mid}/participants/{pid}", json={"title": bad})
        assert res.status_code == 422, bad
