"""A plain multi-page contract for the benchmarks (text on every page, no fields)."""
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def contract_pdf(pages: int, lines: int = 45, leading: float = 16) -> bytes:
    """An A4 contract of `pages` pages of clause text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(pages):
        c.setFont("Helvetica", 9)
        for line in range(lines):
            c.drawString(60, 780 - line * leading, f"Page {i + 1} clause {line + 1}: the parties agree to the terms below.")
        c.showPage()
    c.save()
    return buf.getvalue()
