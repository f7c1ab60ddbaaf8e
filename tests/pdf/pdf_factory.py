"""Builders for test PDFs: made in the test run, never committed as files."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, RectangleObject
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas


def contract(pages: int = 3, *, size=A4, title: str = "Contract") -> bytes:
    """A plain text contract of `pages` pages, drawn with reportlab (no CJK)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    for i in range(pages):
        c.setFont("Helvetica", 14)
        c.drawString(72, size[1] - 72, f"{title} - page {i + 1} of {pages}")
        c.setFont("Helvetica", 9)
        for line in range(30):
            c.drawString(72, size[1] - 110 - line * 14, f"Clause {i + 1}.{line + 1}: the parties agree.")
        c.showPage()
    c.save()
    return buf.getvalue()


def mixed_pages() -> bytes:
    """Page 1 portrait A4, 2 landscape A4, 3 /Rotate 90, 4 /Rotate 270, 5 CropBox offset, 6 Letter, 7 /Rotate 180."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    sizes = [A4, landscape(A4), A4, A4, A4, (612, 792), A4]
    for i, size in enumerate(sizes):
        c.setPageSize(size)
        c.setFont("Helvetica", 12)
        c.drawString(40, 40, f"page {i + 1}")
        c.showPage()
    c.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    writer = PdfWriter(clone_from=reader)
    writer.pages[2][NameObject("/Rotate")] = NumberObject(90)
    writer.pages[3][NameObject("/Rotate")] = NumberObject(270)
    # CropBox offset from the MediaBox on every side
    writer.pages[4][NameObject("/CropBox")] = RectangleObject([60, 90, 500, 760])
    writer.pages[6][NameObject("/Rotate")] = NumberObject(180)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted() -> bytes:
    """A one-page PDF encrypted with a user password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(contract(1))))
    writer.encrypt("secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _raw_pdf(objects: list[bytes], root: int, extra_trailer: bytes = b"", prev_self: bool = False) -> bytes:
    """Serialize numbered objects (1..n) with a classic xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, root) + extra_trailer
    if prev_self:
        trailer += b" /Prev %d" % xref_at
    out.write(b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def no_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"], root=1)


def many_pages(n: int = 10_000, *, honest_count: bool = True) -> bytes:
    """A PDF with n blank pages written directly (fast even for 10,000)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for i in range(n):
        kids.append(b"%d 0 R" % (i + 3))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    count = n if honest_count else 1
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % count
    return _raw_pdf(objs, root=1)


def looping_xref() -> bytes:
    """A one-page PDF whose trailer's /Prev points at its own xref table."""
    return _raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"],
        root=1, prev_self=True)


def looping_page_tree() -> bytes:
    """A PDF whose page tree contains itself."""
    return _raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"],
        root=1)


def xfa_only() -> bytes:
    """A dynamic XFA form: /NeedsRendering and an XFA stream, no AcroForm fields."""
    return _raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R /NeedsRendering true >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
         b"<< /Fields [] /XFA 5 0 R >>",
         b"<< /Length 9 >>\nstream\n<xdp:xdp>\nendstream"],
        root=1)


def blank(pages: int = 1, size=A4) -> bytes:
    """Pages with nothing on them (so renders depend on nothing but our marks)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()
