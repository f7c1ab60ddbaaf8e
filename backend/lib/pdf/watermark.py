"""The rehearsal watermark: "彩排 — 无法律效力" drawn diagonally across every page of a document.

It is page content, so it goes on once, before the first signature: a rehearsal's original is stamped
when the meeting is booked and the stamped copy is then prepared and signed (anything drawn into a page
after a signature breaks it, see STACK_NOTES). The stamp is one incremental update, so the original's
bytes stay a prefix of the copy. The text is set in the embedded CJK TrueType font: it shows where no CJK
font is installed and keeps a text layer (pdftotext and pypdf find it).
"""

import io
import math

from backend.lib.pdf.errors import BrokenPdf, PdfError
from backend.lib.pdf.geometry import PageGeometry, page_geometry
from backend.lib.pdf.inspect import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, open_reader

REHEARSAL_TEXT = "彩排 — 无法律效力"  # i18n: data (drawn into every page of a rehearsal's PDF)
FONT = "SignstageCJK"
_FORM_NAME = "/SignstageRehearsalMark"
_RED, _OPACITY = (0.78, 0.08, 0.1), 0.3
# Displayed page (origin bottom left, y up) to user space, for each clockwise /Rotate; see controls.user_rect.
_PLACEMENT = {0: lambda b: (1, 0, 0, 1, b[0], b[1]), 90: lambda b: (0, 1, -1, 0, b[2], b[1]),
              180: lambda b: (-1, 0, 0, -1, b[2], b[3]), 270: lambda b: (0, -1, 1, 0, b[0], b[3])}


def register_cjk_font() -> str:
    """Register the CJK TrueType font with reportlab once (embedded as a subset); returns its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from backend.lib.imaging.fonts import cjk_font_path

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, cjk_font_path(), subfontIndex=0))
    return FONT


def draw_watermark(canvas, width: float, height: float, text: str = REHEARSAL_TEXT) -> None:
    """Draw `text` on a reportlab canvas from the lower left to the upper right of a width × height page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = register_cjk_font()
    unit_width = stringWidth(text, font, 1) or 1
    # Most of the diagonal, and never taller than a fifth of the short side.
    size = min(0.62 * math.hypot(width, height) / unit_width, 0.2 * min(width, height))
    canvas.saveState()
    canvas.setFillColorRGB(*_RED)
    canvas.setFillAlpha(_OPACITY)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -0.35 * size, text)
    canvas.restoreState()


def _size(geometry: PageGeometry) -> tuple[float, float]:
    shown = geometry.displayed
    return round(shown.width, 2), round(shown.height, 2)


def _overlay(sizes: list[tuple[float, float]], text: str) -> bytes:
    """A PDF with one page per displayed size, each carrying the watermark."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=sizes[0], pageCompression=1)
    for width, height in sizes:
        canvas.setPageSize((width, height))
        draw_watermark(canvas, width, height, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _stream(writer, data: bytes):
    from pyhanko.pdf_utils import generic

    return writer.add_object(generic.StreamObject(stream_data=data))


def _own_resources(writer, page_ref, inherited, form_ref) -> None:
    """Give the page its own resource dictionary with the watermark form in it.

    Resources are often shared between pages (or inherited from the page tree): a copy, made for this
    page alone, leaves every other page and every existing name as it was.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    resources = generic.DictionaryObject(inherited.get_object() if inherited is not None else {})
    xobjects = resources.get("/XObject")
    xobjects = generic.DictionaryObject(xobjects if xobjects is not None else {})
    xobjects[pdf_name(_FORM_NAME)] = form_ref
    resources[pdf_name("/XObject")] = xobjects
    page_ref.get_object()[pdf_name("/Resources")] = resources
    writer.mark_update(page_ref)


def watermark_pdf(pdf: bytes, text: str = REHEARSAL_TEXT, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_pages: int = DEFAULT_MAX_PAGES) -> bytes:
    """A copy of `pdf`, one incremental update later, with `text` across every page as a person sees it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader

    open_reader(pdf, max_bytes=max_bytes)  # a specific error for junk, before pyHanko's own
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        count = int(writer.root["/Pages"]["/Count"])
        if not 1 <= count <= max_pages:
            raise BrokenPdf(f"The PDF has {count} pages; 1 to {max_pages} can be stamped")
        pages = [writer.find_page_for_modification(i) for i in range(count)]
        geometries = [page_geometry(ref.get_object()) for ref, _ in pages]
        sizes = sorted({_size(g) for g in geometries})
        overlay = PdfFileReader(io.BytesIO(_overlay(sizes, text)))
        forms = {size: writer.import_page_as_xobject(overlay, i) for i, size in enumerate(sizes)}
        # The page's own drawing is wrapped in q … Q, so a transformation it leaves behind cannot move the mark.
        save = _stream(writer, b"q\n")
        for i, ((page_ref, inherited), geometry) in enumerate(zip(pages, geometries, strict=True)):
            if "/Contents" not in page_ref.get_object():  # a blank page may have no content at all
                page_ref.get_object()[pdf_name("/Contents")] = generic.ArrayObject()
            matrix = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in _PLACEMENT[geometry.rotate](geometry.box))
            writer.add_stream_to_page(i, save, prepend=True)
            writer.add_stream_to_page(i, _stream(writer, f"\nQ q {matrix} cm {_FORM_NAME} Do Q\n".encode()))
            _own_resources(writer, page_ref, inherited, forms[_size(geometry)])
        out = io.BytesIO()
        writer.write(out)
    except PdfError:
        raise
    except Exception as exc:
        raise BrokenPdf(f"The rehearsal watermark could not be added to this PDF: {exc}") from exc
    return out.getvalue()
