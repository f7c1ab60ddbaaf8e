"""Answers schemathesis found to be 500s, each now a clear 4xx."""
import pytest

from backend.lib.identity import resident_id
from tests.support import make_id_number


def _token(c) -> str:
    return c.result_url.rstrip("/").rsplit("/", 1)[-1]


def test_a_non_ascii_host_token_is_refused_not_a_crash(booked):
    c = booked()
    res = c.api.client.put(f"/screen/{_token(c)}/layout", json={"show_qr": False}, headers={"X-Host-Token": "ß"})
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "host_required"
    assert c.api.client.get(f"/screen/{_token(c)}/state?host=ß").get_json()["host"] is False


@pytest.mark.parametrize("value", ["²", "١٢", "１２"])
def test_digits_python_reads_but_int_does_not(booked, value):
    c = booked()
    res = c.api.client.get(f"/screen/{_token(c)}/events", headers={"Last-Event-ID": value})
    assert res.status_code == 422 and "last_event_id" in res.get_json()["error"]["fields"]
    page = c.api.client.get(f"/screen/{_token(c)}/pages/{c.doc['id']}/1.png", query_string={"width": value})
    assert page.status_code == 422


def test_an_id_number_with_a_superscript_digit_is_invalid_not_a_crash():
    number = make_id_number()
    assert resident_id.problem("²" + number[1:])
    assert resident_id.problem(number[:16] + "²" + number[17])
