import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from backend.models import Seal, SealGrant


def png_bytes(size=(200, 200), color=(200, 0, 0, 255)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", size, color).save(buf, "PNG")
    return buf.getvalue()


def upload(api, data, name="合同专用章", kind="contract", filename="seal.png"):
    return api.post("/api/seals", data={"name": name, "kind": kind, "image": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data")


def test_generate_round_seal_and_fetch_its_image(make_enterprise):
    e = make_enterprise()
    res = e.admin.post("/api/seals", json={"generate": True, "name": "公章", "kind": "official"})
    assert res.status_code == 201
    img = Image.open(io.BytesIO(e.admin.get(res.get_json()["image_url"]).data))
    assert img.mode == "RGBA" and img.getpixel((0, 0))[3] == 0


def test_only_one_official_seal(make_enterprise):
    e = make_enterprise()
    assert e.admin.post("/api/seals", json={"generate": True, "name": "公章", "kind": "official"}).status_code == 201
    res = e.admin.post("/api/seals", json={"generate": True, "name": "公章2", "kind": "official"})
    assert res.status_code == 409
    assert Seal.query.count() == 1


def test_upload_makes_white_background_transparent(make_enterprise):
    e = make_enterprise()
    img = Image.new("RGB", (300, 300), "white")
    img.paste((210, 20, 20), (100, 100, 200, 200))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    res = upload(e.admin, buf.getvalue(), filename="seal.jpg")
    assert res.status_code == 201, res.get_json()
    stored = Image.open(io.BytesIO(e.admin.get(res.get_json()["image_url"]).data)).convert("RGBA")
    w, h = stored.size
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((w // 2, h // 2))[3] == 255


def _truncated_png():
    data = png_bytes((400, 400), (10, 200, 30, 255))
    return data[: len(data) // 2]


@pytest.mark.parametrize("data, status", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='10'/></svg>", 422),
    (b"<!doctype html><html><body>hi</body></html>", 422),
    ("truncated", 422),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 2**20 + 10), 413),
    ("too-many-pixels", 422),
])
def test_bad_seal_images_are_refused_and_nothing_stored(make_enterprise, data, status):
    e = make_enterprise()
    if data == "truncated":
        data = _truncated_png()
    elif data == "too-many-pixels":
        data = png_bytes((2100, 300))
    res = upload(e.admin, data)
    assert res.status_code == status, res.get_json()
    assert "image" in res.get_json()["error"]["fields"]
    assert Seal.query.count() == 0


def test_unknown_kind_is_refused(make_enterprise):
    e = make_enterprise()
    res = e.admin.post("/api/seals", json={"generate": True, "name": "x", "kind": "banana"})
    assert res.status_code == 422 and "kind" in res.get_json()["error"]["fields"]


def test_grant_with_expiry_and_revoke(make_enterprise, make_employee):
    e = make_enterprise()
    emp = make_employee(e)
    seal = e.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    until = (datetime.now(timezone.utc) + timedelta(days=3)).isoformat()
    res = e.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"], "expires_at": until})
    assert res.status_code == 201
    grant = res.get_json()
    assert e.admin.post(f"/api/seals/{seal['id']}/grants", json={"employee_id": emp["id"]}).status_code == 409
    assert [g["id"] for g in e.admin.get(f"/api/seals/{seal['id']}/grants").get_json()] == [grant["id"]]
    assert e.admin.delete(f"/api/seals/{seal['id']}/grants/{grant['id']}").status_code == 200
    assert e.admin.get(f"/api/seals/{seal['id']}/grants").get_json() == []


def test_grant_in_the_past_is_refused(make_enterprise, make_employee):
    e = make_enterprise()
    emp = make_employee(e)
    seal = e.admin.post("/api/seals", json={"generate": True, "name": "合同章", "kind": "contract"}).get_json()
    res = e.admin.post(f"/api/seals/{seal['id']}/grants",
                       json={"employee_id": emp["id"], "expires_at": "2020-01-01T00:00:00+08:00"})
    assert res.status_code == 422 and "expires_at" in res.get_json()["error"]["fields"]
    assert SealGrant.query.count() == 0
