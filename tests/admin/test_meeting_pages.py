"""The meeting pages are shells over the JSON API; the server checks who may open them."""


def test_organizer_opens_every_wizard_step(pages, make_enterprise):
    pages.sign_in_as(make_enterprise(), role="organizer")
    for url in ("/admin/meetings", "/admin/meetings/new", "/admin/meetings/abc123/edit/participants",
                "/admin/meetings/abc123/edit/documents"):
        res = pages.get(url)
        assert res.status_code == 200, url
        assert "尚未开通" not in res.get_data(as_text=True)


def test_unknown_step_is_not_found(pages, make_enterprise):
    pages.sign_in_as(make_enterprise(), role="organizer")
    res = pages.get("/admin/meetings/abc123/edit/payment")
    assert res.status_code == 404 and "页面不存在" in res.get_data(as_text=True)


def test_unapproved_enterprise_is_told_why_it_cannot_book(pages, make_enterprise):
    made = make_enterprise(approved=False)
    pages.sign_in_as(made, role="organizer")
    assert "请联系企业管理员申请开通" in pages.get("/admin/meetings").get_data(as_text=True)
    pages.sign_in_as(made)
    assert 'href="/admin/signing"' in pages.get("/admin/meetings/new").get_data(as_text=True)


def test_the_api_accepts_the_page_session_only_with_the_csrf_header(pages, make_enterprise):
    pages.sign_in_as(make_enterprise(), role="organizer")
    body = {"name": "签约仪式", "starts_at": "2099-01-01T10:00:00+08:00", "ends_at": "2099-01-01T12:00:00+08:00"}
    refused = pages.client.post("/api/meetings", json=body)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed"
    accepted = pages.client.post("/api/meetings", json=body, headers={"X-CSRF-Token": pages.token})
    assert accepted.status_code == 201, accepted.get_json()


def test_detail_shows_each_signers_qr_code_and_link(pages, booked):
    import json
    import re
    c = booked()
    pages.sign_in_as(c.org, role="organizer")
    res = pages.get(f"/admin/meetings/{c.meeting['id']}")
    assert res.status_code == 200
    body = res.get_data(as_text=True)
    links = json.loads(re.search(r'<script type="application/json" id="signer-links">(.*?)</script>', body, re.S).group(1))
    assert set(links) == {s["id"] for s in c.signers}
    for phone in c.phones:
        pid = next(s["id"] for s in c.signers if s["name"] == phone.info["name"] and
                   s["phone_masked"][-4:] == phone.info["phone"][-4:])
        assert links[pid]["h5"] == f"http://signstage.test/h5/s/{phone.scene}"
        qr = pages.client.get(links[pid]["qr"])
        assert qr.status_code == 200 and qr.mimetype == "image/png"


def test_detail_of_a_draft_has_no_signer_links_and_others_meetings_are_not_found(pages, ceremony, make_enterprise):
    c = ceremony()
    pages.sign_in_as(c.org, role="organizer")
    assert '<script type="application/json" id="signer-links">{}</script>' in pages.get(
        f"/admin/meetings/{c.meeting['id']}").get_data(as_text=True)
    assert pages.get("/admin/meetings/abc123").status_code == 404
    pages.sign_in_as(c.other, role="organizer")
    assert pages.get(f"/admin/meetings/{c.meeting['id']}").status_code == 404


def test_the_meetings_page_offers_search_and_the_csv(pages, make_enterprise):
    e = make_enterprise()
    pages.sign_in_as(e, role="organizer")
    body = pages.get("/admin/meetings").get_data(as_text=True)
    assert 'id="meeting-search"' in body and 'href="/api/meetings/export.csv"' in body
    assert pages.client.get("/api/meetings/export.csv").status_code == 200  # the page's session may export
