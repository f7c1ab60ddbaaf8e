"""Host controls: only the host link rearranges seats or hides QR codes."""
import pytest


def _seats(client, booked):
    return client.get(f"{booked.screen}/state").get_json()["seats"]


def test_result_token_alone_cannot_rearrange(client, booked):
    seats = [{**s, "x": 0.5} for s in _seats(client, booked)]
    assert client.put(f"{booked.screen}/layout", json={"seats": seats}).status_code == 403
    res = client.put(f"{booked.screen}/layout", json={"seats": seats}, headers={"X-Host-Token": "B" * 32})
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "host_required"
    res = client.put(f"{booked.screen}/layout?host={booked.result_token}", json={"show_qr": False})
    assert res.status_code == 403
    assert _seats(client, booked)[0]["x"] != 0.5


def test_host_moves_seats_and_hides_qr(client, booked):
    seats = _seats(client, booked)
    moved = [{"participant_id": s["participant_id"], "x": 0.1 + 0.2 * i, "y": 0.3} for i, s in enumerate(seats)]
    res = client.put(f"{booked.screen}/layout", json={"seats": moved, "show_qr": False},
                     headers={"X-Host-Token": booked.host_token})
    assert res.status_code == 200, res.get_json()
    state = client.get(f"{booked.screen}/state?host={booked.host_token}").get_json()
    assert state["host"] is True and state["layout"]["show_qr"] is False
    assert all(s["qr_url"] is None for s in state["signers"])
    assert [(s["x"], s["y"]) for s in state["seats"]] == [(m["x"], m["y"]) for m in moved]


@pytest.mark.parametrize("body, status", [
    (None, 422), ([], 422), ({}, 422), ({"show_qr": "yes"}, 422), ({"seats": "x"}, 422),
    ({"seats": [{"participant_id": 1, "x": 0, "y": 0}]}, 422),
    ({"seats": [{"participant_id": "nobody", "x": 0.1, "y": 0.1}]}, 422),
    ({"seats": [{"participant_id": "p", "x": True, "y": 0.1}]}, 422),
])
def test_bad_layout_bodies_are_4xx(client, booked, body, status):
    if isinstance(body, dict) and isinstance(body.get("seats"), list) and body["seats"][0]["participant_id"] == "p":
        body["seats"][0]["participant_id"] = booked.signers[0]["id"]
    res = client.put(f"{booked.screen}/layout", json=body, headers={"X-Host-Token": booked.host_token})
    assert res.status_code == status, res.get_json()
    assert "error" in res.get_json()


def test_off_stage_seat_is_refused(client, booked):
    seat = {"participant_id": booked.signers[0]["id"], "x": 1.5, "y": 0.2}
    res = client.put(f"{booked.screen}/layout", json={"seats": [seat]}, headers={"X-Host-Token": booked.host_token})
    assert res.status_code == 422
