import io
import os

import pytest
from PIL import Image

from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.render import cache_path, render_page
from tests.pdf import pdf_factory


@pytest.fixture(scope="module")
def mixed():
    return pdf_factory.mixed_pages()


def test_png_at_requested_width_with_displayed_aspect(mixed):
    portrait = Image.open(io.BytesIO(render_page(mixed, 1, width=400)))
    assert portrait.format == "PNG" and portrait.width == 400 and portrait.height == pytest.approx(566, abs=2)
    rotated = Image.open(io.BytesIO(render_page(mixed, 3, width=400)))  # /Rotate 90 shows landscape
    assert rotated.width == 400 and rotated.height == pytest.approx(283, abs=2)
    cropped = Image.open(io.BytesIO(render_page(mixed, 5, width=440)))  # CropBox 440x670
    assert cropped.height == pytest.approx(670, abs=2)


def test_jpeg(mixed):
    assert render_page(mixed, 2, width=300, fmt="jpeg")[:3] == b"\xff\xd8\xff"


def test_cache_is_used_by_hash_page_width_and_format(mixed, tmp_path):
    first = render_page(mixed, 1, width=200, cache_dir=str(tmp_path), sha256="ab" * 32)
    path = cache_path(str(tmp_path), "ab" * 32, 1, 200, "png")
    assert open(path, "rb").read() == first
    with open(path, "wb") as fh:
        fh.write(b"cached!")
    assert render_page(mixed, 1, width=200, cache_dir=str(tmp_path), sha256="ab" * 32) == b"cached!"
    # another width or format is a different entry
    assert render_page(mixed, 1, width=201, cache_dir=str(tmp_path), sha256="ab" * 32) != b"cached!"
    assert render_page(mixed, 1, width=200, fmt="jpeg", cache_dir=str(tmp_path), sha256="ab" * 32) != b"cached!"
    assert not [f for f in os.listdir(os.path.dirname(path)) if f.endswith(".part")]


@pytest.mark.parametrize("page,width,fmt,code", [
    (8, 300, "png", "page_out_of_range"),
    (0, 300, "png", "page_out_of_range"),
    (1, 10_000, "png", "invalid_render_request"),
    (1, 300, "gif", "invalid_render_request"),
])
def test_bad_requests(mixed, page, width, fmt, code):
    with pytest.raises(PdfError) as exc:
        render_page(mixed, page, width=width, fmt=fmt)
    assert exc.value.code == code


def test_garbage_is_a_pdf_error():
    with pytest.raises(PdfError) as exc:
        render_page(b"%PDF-1.4 garbage", 1, width=100)
    assert exc.value.code == "broken_pdf"
