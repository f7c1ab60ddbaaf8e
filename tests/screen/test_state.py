"""The screen's state: what a shared screen may show, and nothing more."""
import json

import pytest

from tests.screen.helpers import sign_directly
from tests.support import sqlite_write_lock_held


def test_state_shows_no_identity_numbers_and_full_names_only_where_chosen(client, booked):
    res = client.get(f"{booked.screen}/state")
    assert res.status_code == 200
    body = res.get_json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["meeting"]["name"] == "战略合作签约仪式"
    assert body["meeting"]["signing_open"] is True
    assert body["progress"] == {"signed": 0, "declined": 0, "total": 2}
    for staff in booked.c.staff.values():
        for emp in staff:
            assert emp["id_number"] not in text and emp["phone"] not in text
            assert emp["phone"][-4:] + '"' not in text
    # By default matched participants appear by their full names; name_masked stays masked for any client.
    assert {s["name_masked"] for s in body["signers"]} == {"签***"}
    assert {s["display_name"] for s in body["signers"]} == {"签署人0"}
    assert body["layout"]["names"] == "full"
    # The organizer chooses masked names: no full name is left anywhere in the answer.
    assert booked.c.api.put(f"/api/meetings/{booked.meeting_id}/layout", json={"names": "masked"}).status_code == 200
    text = json.dumps(client.get(f"{booked.screen}/state").get_json(), ensure_ascii=False)
    assert "签署人0" not in text and "主持人" not in text
    assert all(s["qr_url"].split("?")[0].endswith(".png") for s in body["signers"])  # ?v=: the scene's version
    assert {seat["role"] for seat in body["seats"]} == {"host", "signer"}
    assert body["host"] is False and body["last_event_id"] > 0
    assert body["documents"][0]["pages"][0]["page"] == 1


def test_state_after_signing_has_marks_and_no_qr(client, booked):
    signer = booked.signers[0]
    sign_directly(signer["id"])
    body = client.get(f"{booked.screen}/state").get_json()
    mine = next(s for s in body["signers"] if s["participant_id"] == signer["id"])
    assert mine["status"] == "signed" and mine["qr_url"] is None
    kinds = {m["kind"]: m for m in mine["marks"]}
    assert set(kinds) == {"seal", "signature", "date"}
    assert kinds["date"]["text"] == "2026年11月25日"
    for url in (kinds["seal"]["image_url"], kinds["signature"]["image_url"]):
        res = client.get(url)
        assert res.status_code == 200 and res.data[:8] == b"\x89PNG\r\n\x1a\n", url
    page = client.get(body["documents"][0]["pages"][0]["url"])
    assert page.status_code == 200 and page.data[:3] == b"\xff\xd8\xff"  # the preview is a JPEG
    assert body["progress"]["signed"] == 1


def test_images_of_other_signers_or_meetings_are_not_served(client, booked):
    other = booked.signers[1]["id"]
    assert client.get(f"{booked.screen}/handwriting/{other}.png").status_code == 404
    assert client.get(f"{booked.screen}/seals/0123456789abcdef.png").status_code == 404
    doc = booked.document["id"]
    assert client.get(f"{booked.screen}/pages/{doc}/2.png").status_code == 404  # no controls on page 2
    assert client.get(f"{booked.screen}/pages/{doc}/1.png?width=abc").status_code == 422
    assert client.get(f"{booked.screen}/images/..%2Fsecret.png").status_code == 404


def test_unknown_or_malformed_tokens_get_json_404(client, booked):
    for token in ("A" * 32, "not-a-token!", "x"):
        res = client.get(f"/screen/{token}/state")
        assert res.status_code == 404
        assert res.get_json()["error"]["code"] == "screen_not_found"
    page = client.get("/screen/" + "A" * 32)
    assert page.status_code == 404 and "链接无效" in page.get_data(as_text=True)


def test_result_page_is_served(client, booked):
    res = client.get(booked.screen)
    assert res.status_code == 200 and res.mimetype == "text/html"
    assert "/screen/assets/screen.js" in res.get_data(as_text=True)


def test_preview_page_is_the_unsigned_original(client, booked):
    """The screen overlays marks itself; the page under them must not carry the seals already."""
    from backend.core.extensions import db
    from backend.core.resources import files
    from backend.lib.pdf.render import render_page
    from backend.models import Document

    doc = db.session.get(Document, booked.document["id"])
    # Make a different file the current revision, as a signed one would be.
    import io

    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf)
    sheet.rect(100, 100, 300, 300, fill=1)  # stands in for a stamped seal
    sheet.showPage()
    sheet.save()
    other = buf.getvalue()
    doc.current_key, doc.current_sha256 = files().put(other, prefix="prepared", suffix=".pdf"), "f" * 64
    original_key = doc.original_key
    db.session.commit()
    url = client.get(f"{booked.screen}/state").get_json()["documents"][0]["pages"][0]["url"]
    res = client.get(url)
    assert res.status_code == 200
    assert res.data == render_page(files().get(original_key), 1, width=1000, fmt="jpeg")
    assert res.data != render_page(other, 1, width=1000, fmt="jpeg")


def test_cancelled_meeting_shows_no_qr_codes(client, booked):
    assert booked.c.api.post(f"/api/meetings/{booked.meeting_id}/cancel").status_code == 200
    body = client.get(f"{booked.screen}/state").get_json()
    assert body["meeting"]["status"] == "cancelled"
    assert all(s["qr_url"] is None for s in body["signers"])
    assert body["meeting"]["signing_open"] is False


def test_the_screen_reads_while_a_signer_holds_the_write_lock(app, client, booked):
    """On SQLite a write transaction locks the whole database: the screen's reads must not queue behind it."""
    from backend.core.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    signer = booked.signers[0]
    sign_directly(signer["id"])
    db.session.commit()
    with sqlite_write_lock_held(db.engine):
        state = client.get(f"{booked.screen}/state")
        assert state.status_code == 200 and state.get_json()["progress"]["signed"] == 1
        mark = next(s for s in state.get_json()["signers"] if s["participant_id"] == signer["id"])
        for url in (mark["handwriting_url"], *mark["seal_urls"], booked.screen):
            assert client.get(url).status_code == 200, url
        stream = client.get(f"{booked.screen}/events?last_event_id=0")
        received = ""
        for chunk in stream.response:
            received += chunk.decode()
            if '"signed"' in received:
                break
        stream.close()
        assert f'"participant_id": "{signer["id"]}"' in received.replace('":"', '": "'), received[-500:]
        # A write still waits for the lock (and is told to retry): the lock really was held.
        assert client.put(f"{booked.screen}/layout", json={"show_qr": False},
                          headers={"X-Host-Token": booked.host_token}).status_code == 503


def test_full_names_and_titles_only_for_participants_matched_to_the_registry(client, booked):
    from backend.core.extensions import db
    from backend.models import Employee, Participant

    first, second = booked.signers
    for s in booked.signers:
        res = booked.c.api.patch(f"/api/meetings/{booked.meeting_id}/participants/{s['id']}", json={"title": "总经理"})
        assert res.status_code == 200, res.get_json()
    # The second signer's registry entry is disabled: they no longer match, and show masked, without a title.
    db.session.get(Employee, db.session.get(Participant, second["id"]).employee_id).status = "disabled"
    db.session.commit()
    body = client.get(f"{booked.screen}/state").get_json()
    shown = {s["participant_id"]: (s["display_name"], s["title"]) for s in body["signers"]}
    assert shown == {first["id"]: ("签署人0", "总经理"), second["id"]: ("签***", None)}
    seats = {s["participant_id"]: (s["display_name"], s["title"]) for s in body["seats"]}
    assert seats[first["id"]] == ("签署人0", "总经理") and seats[second["id"]] == ("签***", None)
    # Masked by choice: nobody's title either.
    booked.c.api.put(f"/api/meetings/{booked.meeting_id}/layout", json={"names": "masked"})
    body = client.get(f"{booked.screen}/state").get_json()
    assert {(s["display_name"], s["title"]) for s in body["signers"]} == {("签***", None)}
    assert "总经理" not in json.dumps(body, ensure_ascii=False)


def test_every_signing_enterprise_stands_where_placed_with_its_logo_or_a_badge(client, booked):
    import io

    from PIL import Image

    c = booked.c
    buf = io.BytesIO()
    Image.new("RGB", (300, 100), (20, 90, 170)).save(buf, "PNG")
    key = c.api.post(f"/api/meetings/{booked.meeting_id}/layout/logo", data={"image": (io.BytesIO(buf.getvalue()), "l.png")},
                     content_type="multipart/form-data").get_json()["key"]
    res = c.api.put(f"/api/meetings/{booked.meeting_id}/layout", json={
        "logos": {c.org.id: key}, "logo_positions": {c.org.name: {"x": 0.5, "y": 0.91}}, "banner": "left",
        "celebration_seconds": 3})
    assert res.status_code == 200, res.get_json()
    layout = client.get(f"{booked.screen}/state").get_json()["layout"]
    logos = {lg["enterprise_name"]: lg for lg in layout["logos"]}
    assert list(logos) == [c.org.name, c.other.name]
    assert (logos[c.org.name]["x"], logos[c.org.name]["y"]) == (0.5, 0.91)
    assert client.get(logos[c.org.name]["url"]).status_code == 200
    assert logos[c.other.name]["url"] is None  # no logo: the screen draws a name badge
    assert (layout["names"], layout["banner"], layout["celebration_seconds"]) == ("full", "left", 3)
