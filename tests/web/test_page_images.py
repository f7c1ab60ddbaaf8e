"""Page images: the format asked for, cached for good only on a URL naming its revision, 304 without rendering."""
import io

import pytest
from PIL import Image, ImageChops

from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.pdf.render import render_page
from backend.models import Document
from backend.services import jobs, page_images

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}
MEDIA = {"png": "image/png", "jpg": "image/jpeg"}
IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


@pytest.fixture
def world(booked):
    """A booked meeting (controls on page 1 of 2), its first signer verified, and a GET per audience."""
    c = booked(signers_per_enterprise=1, pages=2)
    a = c.phones[0].login()
    assert a.verify_by_sms().status_code == 200
    screen = "/screen/" + c.result_url.rstrip("/").rsplit("/", 1)[-1]
    doc = c.doc["id"]
    c.routes = {
        "organizer": (c.api.get, f"/api/documents/{doc}/pages/{{n}}.{{ext}}"),
        "signer": (a.api.get, f"/api/signer/scenes/{a.scene}/documents/{doc}/pages/{{n}}.{{ext}}"),
        "screen": (c.api.client.get, f"{screen}/pages/{doc}/{{n}}.{{ext}}"),
    }
    c.screen = screen
    db.session.remove()
    return c


def _get(world, who, ext="jpg", n=1, query="", headers=None):
    get, template = world.routes[who]
    return get(template.format(n=n, ext=ext) + query, headers=headers or {})


@pytest.fixture
def renders(monkeypatch):
    """How many page images were produced (cache read or render) since the test began."""
    calls = []
    real = page_images.stored_page
    monkeypatch.setattr(page_images, "stored_page", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    return calls


@pytest.mark.parametrize("who", ["organizer", "signer", "screen"])
@pytest.mark.parametrize("ext", ["png", "jpg"])
def test_each_route_answers_the_format_asked_for(world, who, ext):
    res = _get(world, who, ext)
    assert res.status_code == 200 and res.mimetype == MEDIA[ext]
    assert res.data.startswith(MAGIC[ext])
    image = Image.open(io.BytesIO(res.data))
    assert image.format == {"png": "PNG", "jpg": "JPEG"}[ext]
    if ext == "jpg":
        assert image.mode == "RGB"  # pages are opaque: no alpha, no palette
    assert res.headers["ETag"] and res.headers["Cache-Control"] == REVALIDATE  # no `v`: revalidate


def test_the_listings_point_at_jpeg_urls_that_carry_v_and_answer_immutable(world):
    a = world.phones[0]
    docs = a.get("/documents").get_json()
    state = world.api.client.get(f"{world.screen}/state").get_json()
    doc = db.session.get(Document, world.doc["id"])
    signer_urls = [p["url"] for p in docs[0]["pages"]]
    screen_urls = [p["url"] for d in state["documents"] for p in d["pages"]]
    assert signer_urls == [f"/api/signer/scenes/{a.scene}/documents/{doc.id}/pages/{n}.jpg?v={page_images.version(doc, n)}"
                           for n in (1, 2)]
    assert screen_urls == [f"{world.screen}/pages/{doc.id}/1.jpg?v={doc.sha256[:16]}"]  # the original's hash
    for get, url in [(a.api.get, u) for u in signer_urls] + [(world.api.client.get, u) for u in screen_urls]:
        for extra in ("", "&width=600"):  # clients add the width they need
            res = get(url + extra)
            assert res.status_code == 200 and res.data.startswith(MAGIC["jpg"]), url
            assert res.headers["Cache-Control"] == IMMUTABLE, url
    assert Image.open(io.BytesIO(world.api.client.get(screen_urls[0] + "&width=600").data)).width == 600


@pytest.mark.parametrize("who", ["organizer", "signer", "screen"])
def test_a_missing_or_stale_v_answers_the_current_image_revalidated(world, who):
    doc = db.session.get(Document, world.doc["id"])
    current = page_images.version(doc, 1) if who != "screen" else doc.sha256[:16]
    fresh = _get(world, who, query=f"?v={current}")
    assert fresh.headers["Cache-Control"] == IMMUTABLE
    for query in ("", "?v=0123456789abcdef", "?v="):
        res = _get(world, who, query=query)
        assert res.status_code == 200 and res.headers["Cache-Control"] == REVALIDATE, query
        assert res.headers["ETag"] == fresh.headers["ETag"] and res.data == fresh.data


@pytest.mark.parametrize("who", ["organizer", "signer", "screen"])
def test_if_none_match_answers_304_without_fetching_or_rendering_the_pdf(world, who, renders, monkeypatch):
    first = _get(world, who)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and len(renders) == 1

    def no_pdf(*_a, **_kw):
        raise AssertionError("a conditional request reached the store or the renderer")
    monkeypatch.setattr(page_images, "render_page", no_pdf)
    monkeypatch.setattr(page_images, "files", no_pdf)
    for value in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        res = _get(world, who, headers={"If-None-Match": value})
        assert res.status_code == 304 and res.data == b"", value
        assert res.headers["ETag"] == etag and "Content-Type" not in res.headers
        assert res.headers["Cache-Control"] == REVALIDATE
    assert len(renders) == 1
    assert _get(world, who, ext="png", headers={"If-None-Match": etag}).status_code != 304  # another format, another tag
    other_width = _get(world, who, query="?width=600", headers={"If-None-Match": etag})
    assert other_width.status_code != 304


def test_the_etag_names_revision_page_width_and_format(world):
    tags = {(n, ext, width): _get(world, "organizer", ext, n, f"?width={width}").headers["ETag"]
            for n in (1, 2) for ext in ("png", "jpg") for width in (400, 800)}
    assert len(set(tags.values())) == len(tags)
    again = _get(world, "organizer", "jpg", 1, "?width=400").headers["ETag"]
    assert again == tags[(1, "jpg", 400)]


def test_a_new_signature_changes_the_signer_listing_v_of_the_pages_it_marks(world, app):
    a = world.phones[0]
    b = world.phones[1].login()
    assert b.verify_by_sms().status_code == 200
    before = [p["url"] for p in b.get("/documents").get_json()[0]["pages"]]
    etag_before = b.api.get(before[0]).headers["ETag"]
    assert a.sign().status_code == 200
    assert jobs.run_pending() >= 1  # the signature is applied: a new revision
    after = [p["url"] for p in b.get("/documents").get_json()[0]["pages"]]
    assert after[0] != before[0]  # page 1 carries the controls: it now shows the signed revision
    assert after[1] == before[1]  # page 2 looks the same in every revision: its URL and caches stay valid
    stale = b.api.get(before[0])
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == REVALIDATE
    assert stale.headers["ETag"] != etag_before
    assert b.api.get(before[0], headers={"If-None-Match": etag_before}).status_code == 200  # the new image
    assert b.api.get(after[0]).headers["Cache-Control"] == IMMUTABLE
    doc = db.session.get(Document, world.doc["id"])
    assert after[0].endswith(f"?v={doc.current_sha256[:16]}") and after[1].endswith(f"?v={doc.sha256[:16]}")


def test_a_page_without_controls_is_the_same_image_in_the_signed_revision(world):
    assert world.phones[0].sign().status_code == 200
    assert jobs.run_pending() >= 1
    doc = db.session.get(Document, world.doc["id"])
    assert doc.current_sha256 != doc.sha256
    signed = files().get(doc.current_key)
    served = Image.open(io.BytesIO(_get(world, "organizer", "png", 2).data))
    from_signed = Image.open(io.BytesIO(render_page(signed, 2, width=800, fmt="png")))
    assert ImageChops.difference(served.convert("RGB"), from_signed.convert("RGB")).getbbox() is None
    # ... while page 1 shows the seal the signature drew.
    page1 = Image.open(io.BytesIO(_get(world, "organizer", "png", 1).data))
    original1 = Image.open(io.BytesIO(render_page(files().get(doc.original_key), 1, width=800, fmt="png")))
    assert ImageChops.difference(page1.convert("RGB"), original1.convert("RGB")).getbbox() is not None


def test_access_checks_refuse_strangers_even_with_a_valid_etag(world, make_enterprise, booked):
    etags = {who: _get(world, who).headers["ETag"] for who in world.routes}
    doc = world.doc["id"]
    stranger = make_enterprise().organizer
    res = stranger.get(f"/api/documents/{doc}/pages/1.jpg", headers={"If-None-Match": etags["organizer"]})
    assert res.status_code == 404
    other = booked(signers_per_enterprise=1).phones[0].login()
    assert other.verify_by_sms().status_code == 200
    res = other.api.get(f"/api/signer/scenes/{world.phones[0].scene}/documents/{doc}/pages/1.jpg",
                        headers={"If-None-Match": etags["signer"]})
    assert res.status_code == 403  # a verified session of another scene
    res = other.api.get(f"/api/signer/scenes/{other.scene}/documents/{doc}/pages/1.jpg",
                        headers={"If-None-Match": etags["signer"]})
    assert res.status_code == 404  # their own scene, another meeting's document
    unverified = world.phones[1].login()
    assert unverified.api.get(f"/api/signer/scenes/{unverified.scene}/documents/{doc}/pages/1.jpg").status_code == 403
    client = world.api.client
    assert client.get(f"/screen/{'A' * 32}/pages/{doc}/1.jpg", headers={"If-None-Match": etags["screen"]}).status_code == 404
    assert client.get(f"{world.screen}/pages/{doc}/2.jpg").status_code == 404  # no controls: off the screen


@pytest.mark.parametrize("who, query", [("organizer", "?width=99"), ("organizer", "?width=abc"),
                                        ("signer", "?width=5000"), ("signer", "?width=abc"),
                                        ("screen", "?width=100"), ("screen", "?width=abc")])
def test_bad_widths_are_422_in_every_format(world, who, query):
    for ext in ("png", "jpg"):
        res = _get(world, who, ext, query=query)
        assert res.status_code == 422 and "width" in res.get_json()["error"]["fields"], (ext, res.get_json())


def test_pages_out_of_range_are_404(world):
    for who in ("organizer", "signer"):
        assert _get(world, who, n=3).status_code == 404
        assert _get(world, who, n=0).status_code == 404
