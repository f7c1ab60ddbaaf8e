"""The poster drawn with reportlab on the red and gold of a signing ceremony: the meeting's name, each
enterprise's logo (or a name badge), its seal and its signers, and the date; rendered to PNG by pdfium.

In two languages (bilingual), the header's words are joined on one line ("签约成功 · Signing complete") and
the date lines stacked, one per language.

Coordinates are reportlab's (origin bottom left, y up) in points; the page has the PNG's pixel size.
"""
import io
import re

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from backend.lib.pdf.render import render_page
from backend.lib.poster.spec import SIZES, Poster, PosterParty, PosterText
from backend.lib.poster.text import FONT, fit, has_cjk, register_font, width_of

RED_TOP, RED, RED_BOTTOM = HexColor("#c8202a"), HexColor("#a5121b"), HexColor("#5e070c")
GOLD, GOLD_LIGHT, CREAM, INK, MUTED = (HexColor("#d4a04a"), HexColor("#f7dc9a"), HexColor("#fff8ec"),
                                       HexColor("#3b2616"), HexColor("#8a6a4a"))
WHITE = Color(1, 1, 1)
# Left off a name badge: what every company name ends with says nothing about which company it is.
_SUFFIXES = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")  # i18n: data (matched in names)


def poster_pdf(poster: Poster, size: str = "landscape") -> bytes:
    """The poster as a one-page PDF of SIZES[size] points (landscape or portrait)."""
    width, height = SIZES[size]
    register_font()
    out = io.BytesIO()
    c = Canvas(out, pagesize=(width, height), pageCompression=1)
    c.setTitle(f"{poster.title} · {_joined(poster, 'kind')}")
    c.setAuthor("Signstage")
    c.setSubject(f"{poster.title} · {' / '.join(t.date for t in _texts(poster))}")
    _background(c, width, height, poster.background)
    portrait = height > width
    top = _header(c, poster, width, height, portrait)
    bottom = _footer(c, poster, width)
    _parties(c, poster.parties, _texts(poster), 90, bottom + 40, width - 180, top - bottom - 80, portrait)
    c.showPage()
    c.save()
    return out.getvalue()


def poster_png(poster: Poster, size: str = "landscape") -> bytes:
    """The poster as a PNG of exactly SIZES[size] pixels, rendered from its PDF."""
    width, _height = SIZES[size]
    return render_page(poster_pdf(poster, size), 1, width=width, fmt="png")


def _texts(poster: Poster) -> tuple[PosterText, ...]:
    return poster.texts or (PosterText(),)


def _joined(poster: Poster, word: str, joiner: str = " / ") -> str:
    """One of the poster's words in each of its languages, once each: 签约成功 · Signing complete."""
    return joiner.join(dict.fromkeys(getattr(t, word) for t in _texts(poster)))


def _spacing(text: str, space: float) -> float:
    # Spaced-out letters suit a few CJK characters; Latin words keep their own letter spacing.
    return space if has_cjk(text) and text.replace(" ", "").isalpha() else space * 0.15


def _text(c: Canvas, x: float, y: float, text: str, size: float, color, *, bold: bool = False,
          space: float = 0.0) -> None:
    """Text centred on x with its baseline at y (bold as fill and stroke: still text in the text layer)."""
    c.saveState()
    shown = width_of(text, size) + space * max(len(text) - 1, 0)
    t = c.beginText(x - shown / 2, y)
    t.setFont(FONT, size)
    t.setCharSpace(space)
    t.setFillColor(color)
    if bold:
        c.setStrokeColor(color)
        c.setLineWidth(size * 0.035)
        t.setTextRenderMode(2)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def _image(c: Canvas, data: bytes | None, x: float, y: float, w: float, h: float) -> bool:
    """Draw an image fitted and centred in the box (transparency kept); False when there is none to draw."""
    if not data:
        return False
    try:
        reader = ImageReader(io.BytesIO(data))
        iw, ih = reader.getSize()
    except (OSError, ValueError):  # not an image after all: the caller draws its stand-in
        return False
    scale = min(w / iw, h / ih)
    dw, dh = iw * scale, ih * scale
    c.drawImage(reader, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh, mask="auto")
    return True


def _background(c: Canvas, w: float, h: float, image: bytes | None) -> None:
    c.linearGradient(0, h, 0, 0, (RED_TOP, RED, RED_BOTTOM), (0, 0.5, 1), extend=True)
    if image:
        c.saveState()
        reader = None
        try:
            reader = ImageReader(io.BytesIO(image))
            iw, ih = reader.getSize()
        except (OSError, ValueError):
            pass
        if reader is not None:
            scale = max(w / iw, h / ih)  # cover the page, cropped at the edges
            c.setFillAlpha(0.35)
            c.drawImage(reader, (w - iw * scale) / 2, (h - ih * scale) / 2, iw * scale, ih * scale)
        c.restoreState()
    # Faint gold rings rising from the bottom, and a double gold frame.
    c.saveState()
    c.setStrokeColor(GOLD)
    c.setStrokeAlpha(0.16)
    c.setLineWidth(2)
    for i in range(1, 9):
        c.circle(w / 2, -h * 0.15, min(w, h) * 0.16 * i, stroke=1, fill=0)
    c.restoreState()
    c.setStrokeColor(GOLD)
    m = 34
    c.setLineWidth(3)
    c.rect(m, m, w - 2 * m, h - 2 * m, stroke=1, fill=0)
    c.setLineWidth(1)
    c.rect(m + 10, m + 10, w - 2 * m - 20, h - 2 * m - 20, stroke=1, fill=0)


def _header(c: Canvas, poster: Poster, w: float, h: float, portrait: bool) -> float:
    """Eyebrow, the meeting's name and the headline; returns the y where the header ends."""
    y = h - (150 if portrait else 112)
    eyebrow = _joined(poster, "eyebrow", " · ")
    size, [eyebrow] = fit(eyebrow, 30, w - 240)
    _text(c, w / 2, y, eyebrow, size, GOLD_LIGHT, space=_spacing(eyebrow, 10))
    size, lines = fit(poster.title, 92 if portrait else 88, w - (180 if portrait else 320), max_lines=3)
    y -= 34
    for line in lines:
        y -= size * 1.18
        _text(c, w / 2, y, line, size, WHITE, bold=True)
    y -= 86
    headline = _joined(poster, "headline", " · ")
    space = _spacing(headline, 12)
    # Room for the gold rules and dots either side (2 × 218).
    head, [headline] = fit(headline, 46, w - 180 - 436 - space * len(headline), floor=0.5)
    half = width_of(headline, head) / 2 + space * len(headline) / 2 + 28
    c.setStrokeColor(GOLD_LIGHT)
    c.setLineWidth(2)
    mid = y + head * 0.35
    c.line(w / 2 - half - 180, mid, w / 2 - half, mid)
    c.line(w / 2 + half, mid, w / 2 + half + 180, mid)
    c.setFillColor(GOLD_LIGHT)
    for side in (-1, 1):
        x = w / 2 + side * (half + 190)
        c.circle(x, mid, 5, stroke=0, fill=1)
    _text(c, w / 2, y, headline, head, GOLD_LIGHT, bold=True, space=space)
    return y - 20


def _footer(c: Canvas, poster: Poster, w: float) -> float:
    """The date (a line per language) and the maker; returns the y where the footer begins."""
    texts = _texts(poster)
    stacked = len(texts) > 1
    for i, t in enumerate(texts):
        size, [line] = fit(f"{t.date_label}  {t.date}", 28 if stacked else 36, w - 240)
        _text(c, w / 2, (150 - 38 * i) if stacked else 132, line, size, GOLD_LIGHT)
    c.saveState()
    c.setFillAlpha(0.7)
    size, [maker] = fit(_joined(poster, "maker"), 18 if stacked else 20, w - 240)
    _text(c, w / 2, 72 if stacked else 84, maker, size, GOLD_LIGHT)
    c.restoreState()
    return 180


def _grid(n: int, portrait: bool) -> tuple[int, int]:
    if portrait:
        cols = 1 if n <= 3 else 2
    else:
        cols = n if n <= 4 else -(-n // 2)
    return cols, -(-n // cols)


def _parties(c: Canvas, parties: tuple[PosterParty, ...], texts: tuple[PosterText, ...], x: float, y: float,
             w: float, h: float, portrait: bool) -> None:
    if not parties:
        return
    cols, rows = _grid(len(parties), portrait)
    gap = 36
    cw, ch = (w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows
    # Cards no taller than they need be: spare height goes above and below the block.
    ch = min(ch, cw * 0.95) if cw <= 2.2 * ch else ch
    block = rows * ch + (rows - 1) * gap
    y0 = y + (h - block) / 2
    for i, party in enumerate(parties):
        row, col = divmod(i, cols)
        in_row = min(cols, len(parties) - row * cols)
        left = x + (w - (in_row * cw + (in_row - 1) * gap)) / 2 + col * (cw + gap)
        bottom = y0 + block - (row + 1) * ch - row * gap
        # A card much wider than tall (portrait's single column) reads across: logo, names, seal.
        card = _wide_card if cw > 2.2 * ch else _tall_card
        card(c, party, _signer_text(party, texts), left, bottom, cw, ch)


def _panel(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    c.saveState()
    c.setFillColor(CREAM)
    c.setStrokeColor(GOLD)
    c.setLineWidth(3)
    c.roundRect(x, y, w, h, 22, stroke=1, fill=1)
    c.restoreState()


def _badge(c: Canvas, name: str, x: float, y: float, w: float, h: float) -> None:
    """A generated stand-in for a missing logo: the distinctive part of the name on red."""
    short = _SUFFIXES.sub("", name).strip() or name
    short = short.split()[0][:8] if short.isascii() else short[:4]
    bw = min(w, max(h * 1.8, width_of(short, h * 0.5) + h * 0.6))
    bx = x + (w - bw) / 2
    c.saveState()
    c.setFillColor(RED)
    c.setStrokeColor(GOLD)
    c.setLineWidth(2)
    c.roundRect(bx, y, bw, h, h * 0.22, stroke=1, fill=1)
    c.restoreState()
    size, lines = fit(short, h * 0.5, bw - h * 0.4, floor=0.3)
    _text(c, x + w / 2, y + h / 2 - size * 0.36, lines[0], size, GOLD_LIGHT, bold=True)


def _signer_text(party: PosterParty, texts: tuple[PosterText, ...]) -> str:
    """签署人  张三（总经理）、李四: the label in every language, the names as the first language lists them."""
    first = texts[0]
    names = [first.signer_title % {"name": s.name, "title": s.title} if s.title else s.name for s in party.signers]
    if not names:
        return ""
    if len(texts) == 1:
        return first.signers % {"names": first.separator.join(names)}
    # Bilingual: each language's label (its phrase without the names), then the names once.
    labels = " / ".join(dict.fromkeys((t.signers % {"names": ""}).strip() for t in texts))
    return f"{labels}  {first.separator.join(names)}"


def _lines(c: Canvas, cx: float, top: float, text: str, size: float, width: float, max_lines: int, color,
           bold: bool = False, floor: float = 0.75) -> float:
    """Centred lines under `top` (shrunk to floor × size before wrapping); returns the y below the last one."""
    size, lines = fit(text, size, width, max_lines=max_lines, floor=floor)
    y = top
    for line in lines:
        y -= size * 1.2
        _text(c, cx, y + size * 0.2, line, size, color, bold=bold)
    return y


def _tall_card(c: Canvas, party: PosterParty, signers: str, x: float, y: float, w: float, h: float) -> None:
    """Logo on top, then the enterprise, its seal and its signers, one under the other."""
    _panel(c, x, y, w, h)
    pad = h * 0.06
    cx = x + w / 2
    logo_h = h * 0.16
    top = y + h - pad
    if not _image(c, party.logo, x + w * 0.15, top - logo_h, w * 0.7, logo_h):
        _badge(c, party.enterprise, x + w * 0.1, top - logo_h, w * 0.8, logo_h)
    top -= logo_h + h * 0.03
    top = _lines(c, cx, top, party.enterprise, h * 0.075, w * 0.88, 2, INK, bold=True)
    signer_size = h * 0.055
    seal_side = min(top - (y + pad + signer_size * 2.6), w * 0.62)
    if seal_side > 0:
        _image(c, party.seal, cx - seal_side / 2, top - seal_side - h * 0.01, seal_side, seal_side)
    if signers:
        _lines(c, cx, y + pad + signer_size * 2.5, signers, signer_size, w * 0.9, 2, MUTED)


def _wide_card(c: Canvas, party: PosterParty, signers: str, x: float, y: float, w: float, h: float) -> None:
    """Logo at the left, the enterprise and its signers in the middle, the seal at the right."""
    _panel(c, x, y, w, h)
    pad = h * 0.1
    logo_w = min(w * 0.2, h * 0.9)
    if not _image(c, party.logo, x + pad, y + h * 0.3, logo_w, h * 0.4):
        _badge(c, party.enterprise, x + pad, y + h * 0.34, logo_w, h * 0.32)
    seal_side = min((h - 2 * pad) * 0.86, w * 0.26)
    _image(c, party.seal, x + w - pad - seal_side, y + (h - seal_side) / 2, seal_side, seal_side)
    mid_x = x + pad + logo_w + pad
    mid_w = w - (pad + logo_w + pad) - (pad + seal_side + pad)
    top = _lines(c, mid_x + mid_w / 2, y + h * 0.72, party.enterprise, h * 0.13, mid_w, 2, INK, bold=True)
    if signers:
        _lines(c, mid_x + mid_w / 2, top - h * 0.04, signers, h * 0.075, mid_w, 3, MUTED)
