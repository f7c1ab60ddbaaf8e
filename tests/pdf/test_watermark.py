"""The rehearsal watermark: on every page as a person sees it, in the text layer, before any signature."""
import io

import pytest
from pypdf import PdfReader

from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.watermark import REHEARSAL_TEXT, watermark_pdf
from tests.pdf import pdf_factory


def _red_by_quarter(pdf: bytes, page: int) -> dict[str, int]:
    """Pixels of the watermark's red in each quarter of page `page` (0-based) as rendered, upright (and `all`)."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(pdf)[page].render(scale=0.4).to_pil().convert("RGB")
    width, height = image.size
    counts = {"upper_left": 0, "upper_right": 0, "lower_left": 0, "lower_right": 0, "all": width * height}
    data = image.tobytes()
    for index in range(0, len(data), 3):
        r, g, b = data[index:index + 3]
        if r > 200 and r - g > 40 and r - b > 40:
            y, x = divmod(index // 3, width)
            counts[f"{'upper' if y < height / 2 else 'lower'}_{'left' if x < width / 2 else 'right'}"] += 1
    return counts


@pytest.fixture(scope="module")
def mixed():
    return pdf_factory.mixed_pages()


@pytest.fixture(scope="module")
def stamped(mixed):
    return watermark_pdf(mixed)


def test_every_page_carries_the_text_and_the_original_stays_a_prefix(mixed, stamped):
    assert stamped.startswith(mixed)
    pages = PdfReader(io.BytesIO(stamped)).pages
    assert len(pages) == 7
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"page {n}" in text and REHEARSAL_TEXT in text
    assert all(REHEARSAL_TEXT not in p.extract_text() for p in PdfReader(io.BytesIO(mixed)).pages)


@pytest.mark.parametrize("page", range(7), ids=["portrait", "landscape", "rotate90", "rotate270", "cropped",
                                                "letter", "rotate180"])
def test_the_mark_runs_from_lower_left_to_upper_right_as_the_page_is_shown(stamped, mixed, page):
    red = _red_by_quarter(stamped, page)
    # Rotated and cropped pages too: the diagonal is the displayed page's, never clipped away.
    # each of the diagonal's two quarters holds more than half a percent of the page in the mark's red
    assert red["lower_left"] > red["all"] / 200 and red["upper_right"] > red["all"] / 200, red
    assert red["upper_left"] + red["lower_right"] < (red["lower_left"] + red["upper_right"]) / 5, red
    before = _red_by_quarter(mixed, page)
    assert before["lower_left"] + before["upper_right"] + before["upper_left"] + before["lower_right"] == 0


def _shared_resources() -> bytes:
    """Three pages sharing one resource dictionary (one indirect object)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_factory.contract(3))))
    shared = writer._add_object(writer.pages[0]["/Resources"])
    for page in writer.pages:
        page[NameObject("/Resources")] = shared
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("original", [pdf_factory.contract(3), _shared_resources()], ids=["own", "shared"])
def test_every_page_keeps_its_own_drawing_under_the_mark(original):
    stamped = watermark_pdf(original)
    for n, page in enumerate(PdfReader(io.BytesIO(stamped)).pages, start=1):
        text = page.extract_text()
        assert f"Contract - page {n} of 3" in text and f"Clause {n}.30: the parties agree." in text
        assert REHEARSAL_TEXT in text


def test_junk_is_refused_with_a_pdf_error():
    with pytest.raises(PdfError):
        watermark_pdf(b"%PDF-1.7 not really")
