"""The seal pages: generate, preview, upload errors, grant with expiry, revoke."""
from io import BytesIO

from backend.models import Seal, SealGrant


def test_generate_preview_grant_and_revoke(pages, make_enterprise, make_employee):
    made = make_enterprise()
    employee = make_employee(made, "钱九")
    pages.sign_in_as(made)
    res = pages.post("/admin/seals", {"action": "generate", "name": "合同专用章", "kind": "contract"})
    assert res.status_code == 302
    seal = Seal.query.one()
    body = pages.get("/admin/seals").get_data(as_text=True)
    assert f"/api/seals/{seal.id}/image.png" in body
    image = pages.client.get(f"/api/seals/{seal.id}/image.png")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")

    res = pages.post(f"/admin/seals/{seal.id}/grants", {"employee_id": employee["id"], "expires_at": "2099-12-31"})
    assert res.status_code == 302
    grant = SealGrant.query.one()
    assert grant.expires_at.year == 2099
    body = pages.get("/admin/seals").get_data(as_text=True)
    assert "钱九" in body and "有效期至 2099年12月31日 23:59 中国标准时间" in body

    pages.post(f"/admin/seals/{seal.id}/grants/{grant.id}/revoke")
    assert SealGrant.query.one().revoked_at is not None
    assert "已撤销「钱九」的授权" in pages.get("/admin/seals").get_data(as_text=True)


def test_grant_with_a_past_or_malformed_date_is_refused(pages, make_enterprise, make_employee):
    made = make_enterprise()
    employee = make_employee(made)
    pages.sign_in_as(made)
    pages.post("/admin/seals", {"action": "generate", "name": "公章", "kind": "official"})
    seal = Seal.query.one()
    for value, message in (("2001-01-01", "必须晚于现在"), ("31/12/2099", "YYYY-MM-DD")):
        res = pages.post(f"/admin/seals/{seal.id}/grants", {"employee_id": employee["id"], "expires_at": value})
        assert res.status_code == 422 and message in res.get_data(as_text=True)
    assert SealGrant.query.count() == 0


def test_second_official_seal_is_refused_with_a_message(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    pages.post("/admin/seals", {"action": "generate", "name": "公章", "kind": "official"})
    res = pages.post("/admin/seals", {"action": "generate", "name": "公章二", "kind": "official"})
    assert res.status_code == 409 and "每个企业只能有一枚公章" in res.get_data(as_text=True)


def test_upload_of_an_svg_posing_as_png_is_refused(pages, make_enterprise):
    pages.sign_in_as(make_enterprise())
    fake = BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    res = pages.post("/admin/seals", {"action": "upload", "name": "假章", "kind": "other", "image": (fake, "seal.png")},
                     content_type="multipart/form-data")
    assert res.status_code in (413, 422)
    assert 'class="field-error"' in res.get_data(as_text=True)
    assert Seal.query.count() == 0
