"""The organizer's previews: a signer's documents and controls exactly as the signer API lists them, and
the big screen's state for a draft (as it will be once booked) or a booked meeting (its real screen)."""
import io
from datetime import timedelta

import pytest
from PIL import Image

from tests.support import add_document_with_controls, make_pdf


def _without_urls(docs):
    return [{**d, "pages": [{k: v for k, v in p.items() if k != "url"} for p in d["pages"]]} for d in docs]


def test_a_signers_preview_is_their_documents_answer(booked):
    c = booked()
    mid = c.meeting["id"]
    phone = c.phones[1]
    phone.login().verify_by_sms()
    theirs = phone.get("/documents").get_json()
    res = c.api.get(f"/api/meetings/{mid}/participants/{c.signers[1]['id']}/preview")
    assert res.status_code == 200, res.get_json()
    preview = res.get_json()
    assert preview["participant"]["id"] == c.signers[1]["id"]
    assert preview["participant"]["name_masked"] != preview["participant"]["name"]
    assert _without_urls(preview["documents"]) == _without_urls(theirs)
    assert len(preview["documents"][0]["controls"]) == 3 and preview["meeting"]["name"] == c.meeting["name"]
    # The organizer's page image is the signer's, byte for byte.
    mine = c.api.get(preview["documents"][0]["pages"][0]["url"] + "&width=600")
    signer_page = phone.api.get(theirs[0]["pages"][0]["url"] + "&width=600")
    assert mine.status_code == signer_page.status_code == 200 and mine.data == signer_page.data


def test_a_draft_can_be_previewed_and_each_signer_sees_only_their_controls(ceremony):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf(2))
    first, second = c.signers
    extra = [{"page": 2, "x": 0.1, "y": 0.5, "w": 0.2, "h": 0.05, "kind": "signature", "participant_id": first["id"]}]
    current = c.api.get(f"/api/documents/{doc['id']}/controls").get_json()
    keep = [{k: x[k] for k in ("page", "x", "y", "w", "h", "kind", "participant_id")} for x in current]
    assert c.api.put(f"/api/documents/{doc['id']}/controls", json=keep + extra).status_code == 200
    mid = c.meeting["id"]
    counts = {}
    for s in (first, second):
        docs = c.api.get(f"/api/meetings/{mid}/participants/{s['id']}/preview").get_json()["documents"]
        counts[s["id"]] = sum(len(d["controls"]) for d in docs)
        assert "participant_id" not in docs[0]["controls"][0]
    assert counts == {first["id"]: 4, second["id"]: 3}


def test_no_preview_of_a_host_nor_of_another_enterprises_meeting(ceremony, make_enterprise):
    c = ceremony(signers_per_enterprise=1)
    mid = c.meeting["id"]
    host = c.api.get(f"/api/meetings/{mid}/participants/{c.host['id']}/preview")
    assert host.status_code == 404 and host.get_json()["error"]["code"] == "signer_not_found"
    stranger = make_enterprise().organizer
    assert stranger.get(f"/api/meetings/{mid}/participants/{c.signers[0]['id']}/preview").status_code == 404
    assert stranger.get(f"/api/meetings/{mid}/screen-preview/state").status_code == 404


def test_a_drafts_screen_preview_shows_it_as_booked_with_a_qr_code_that_invites_no_one(ceremony, client):
    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf(1))
    mid = c.meeting["id"]
    state = c.api.get(f"/api/meetings/{mid}/screen-preview/state").get_json()
    assert state["meeting"]["status"] == "scheduled" and state["meeting"]["name"] == c.meeting["name"]
    assert {s["participant_id"] for s in state["signers"]} == {s["id"] for s in c.signers}
    assert {s["participant_id"] for s in state["seats"]} >= {s["id"] for s in c.signers} | {c.host["id"]}
    for signer in state["signers"]:
        qr = c.api.get(signer["qr_url"])
        assert qr.status_code == 200 and Image.open(io.BytesIO(qr.data)).format == "PNG"
    page = c.api.get(state["documents"][0]["pages"][0]["url"] + "&width=400")
    assert page.status_code == 200 and page.mimetype == "image/jpeg"
    # Without the organizer's sign-in there is nothing to see.
    assert client.get(f"/api/meetings/{mid}/screen-preview/state").status_code == 401
    assert client.get(state["signers"][0]["qr_url"]).status_code == 401
    # The layout's choice holds: no QR codes on the screen, none in its preview.
    assert c.api.put(f"/api/meetings/{mid}/layout", json={"show_qr": False}).status_code == 200
    hidden = c.api.get(f"/api/meetings/{mid}/screen-preview/state").get_json()
    assert all(s["qr_url"] is None for s in hidden["signers"])


def test_a_booked_meetings_screen_preview_is_its_real_screen(booked, client):
    c = booked()
    mid = c.meeting["id"]
    token = c.result_url.rsplit("/", 1)[-1]
    preview = c.api.get(f"/api/meetings/{mid}/screen-preview/state").get_json()
    real = client.get(f"/screen/{token}/state").get_json()
    assert preview == real
    assert all(s["qr_url"].startswith(f"/screen/{token}/qr/") for s in preview["signers"])


@pytest.mark.parametrize("kind", ["screen", "signer"])
def test_only_the_preview_pages_may_be_framed_and_only_by_our_pages(ceremony, app, kind):
    from tests.admin.conftest import Pages
    c = ceremony(starts_in=timedelta(hours=3), signers_per_enterprise=1)
    pages = Pages(app.test_client())
    pages.sign_in_as(c.org, role="organizer")
    mid = c.meeting["id"]
    path = f"/admin/meetings/{mid}/preview/screen" if kind == "screen" else \
        f"/admin/meetings/{mid}/preview/signers/{c.signers[0]['id']}"
    res = pages.get(path)
    assert res.status_code == 200 and res.mimetype == "text/html"
    assert "frame-ancestors 'self'" in res.headers["Content-Security-Policy"]
    assert res.headers["X-Frame-Options"] == "SAMEORIGIN"
    body = res.get_data(as_text=True)
    api = f"/api/meetings/{mid}/screen-preview" if kind == "screen" else \
        f"/api/meetings/{mid}/participants/{c.signers[0]['id']}/preview"
    assert f'content="{api}"' in body
    other = pages.get(f"/admin/meetings/{mid}")
    assert other.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert pages.get(f"/admin/meetings/{mid}/preview/signers/{c.host['id']}").status_code == 404


def test_the_spec_publishes_the_previews_as_organizer_calls(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/api/meetings/{meeting_id}/participants/{participant_id}/preview",
                 "/api/meetings/{meeting_id}/screen-preview/state",
                 "/api/meetings/{meeting_id}/screen-preview/qr/{participant_id}.png"):
        op = paths[path]["get"]
        assert "security" not in op and {"401", "404"} <= set(op["responses"]), path  # signed in, yours only
