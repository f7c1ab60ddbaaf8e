"""The commemorative poster: a PNG at 1920×1080 and 1080×1920 with the meeting, every enterprise, its logo
and seal, every signer and the date; its PDF source's text layer carries the names."""
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops, ImageDraw
from pypdf import PdfReader

LOGO_BLUE = (20, 90, 170)
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def _logo_png() -> bytes:
    img = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).rounded_rectangle([4, 4, 356, 116], 24, fill=(*LOGO_BLUE, 255))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def sealed(booked):
    """A completed contract whose organizer gave its own enterprise a logo (the other has none)."""
    from backend.services import jobs

    c = booked()
    mid = c.meeting["id"]
    res = c.api.post(f"/api/meetings/{mid}/layout/logo", data={"image": (io.BytesIO(_logo_png()), "logo.png"),
                                                               "enterprise_id": c.org.id},
                     content_type="multipart/form-data")
    assert res.status_code == 201, res.get_json()
    assert c.api.put(f"/api/meetings/{mid}/layout", json={"logos": {c.org.id: res.get_json()["key"]}}).status_code == 200
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()
    return c


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return "".join(reader.pages[0].extract_text().split())  # names may sit at a line's end: ignore the breaks


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_the_poster_is_a_png_of_its_size_whose_source_names_every_party(sealed, size):
    c = sealed
    mid = c.meeting["id"]
    png = c.other.admin.get(f"/api/contracts/{mid}/poster.png?size={size}")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert "filename*=UTF-8''" in png.headers["Content-Disposition"]
    image = Image.open(io.BytesIO(png.data))
    assert image.format == "PNG" and image.size == SIZES[size]
    pdf = c.org.organizer.get(f"/api/contracts/{mid}/poster.pdf?size={size}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    page = PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == SIZES[size]
    text = _text(pdf.data)
    contract = c.org.admin.get(f"/api/contracts/{mid}").get_json()
    assert "".join(contract["name"].split()) in text
    for signer in contract["signers"]:
        assert signer["enterprise_name"] in text and signer["name"] in text
    day = datetime.fromisoformat(contract["completed_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{day.year}年{day.month}月{day.day}日" in text


def _share(image: Image.Image, colour, tolerance=12) -> float:
    """The share of the image's pixels within tolerance of colour."""
    bands = [band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
             for band, c in zip(image.convert("RGB").split(), colour)]
    both = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return both.histogram()[255] / (image.width * image.height)


def test_the_poster_shows_the_uploaded_logo_and_each_seal(sealed):
    c = sealed
    png = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/poster.png?size=landscape")
    image = Image.open(io.BytesIO(png.data))
    assert _share(image, LOGO_BLUE) > 0.005  # the logo the organizer uploaded
    # Two round red seals (generated seals are pure seal red), not only the red of the background.
    assert _share(image, (230, 0, 18), tolerance=20) > 0.002


def test_no_poster_before_the_contract_is_complete_nor_for_strangers(booked, make_enterprise):
    c = booked()
    mid = c.meeting["id"]
    res = c.api.get(f"/api/contracts/{mid}/poster.png")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_completed"
    assert c.api.get(f"/api/contracts/{mid}/poster.pdf?size=portrait").status_code == 409
    assert make_enterprise().admin.get(f"/api/contracts/{mid}/poster.png").status_code == 404


def test_a_size_other_than_landscape_or_portrait_is_refused(sealed):
    res = sealed.api.get(f"/api/contracts/{sealed.meeting['id']}/poster.png?size=square")
    assert res.status_code == 422 and "size" in res.get_json()["error"]["fields"]


def test_the_contract_page_links_both_posters_once_complete(sealed):
    from tests.admin.conftest import Pages

    pages = Pages(sealed.api.client.application.test_client())
    pages.sign_in_as(sealed.other)  # the counterparty's admin: every party may publish the poster
    body = pages.get(f"/admin/contracts/{sealed.meeting['id']}").get_data(as_text=True)
    for size in ("landscape", "portrait"):
        assert f"/api/contracts/{sealed.meeting['id']}/poster.png?size={size}" in body


def test_the_spec_publishes_both_posters(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for ext, media in (("png", "image/png"), ("pdf", "application/pdf")):
        op = paths[f"/api/contracts/{{meeting_id}}/poster.{ext}"]["get"]
        assert set(op["responses"]["200"]["content"]) == {media} and "409" in op["responses"]
        size = next(p for p in op["parameters"] if p["name"] == "size")
        assert size["schema"]["enum"] == ["landscape", "portrait"]
