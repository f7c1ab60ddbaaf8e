"""Setting Chinese text on the poster: the embedded CJK font, lines that fit a width, sizes that shrink to fit."""
import re

from reportlab.pdfbase import pdfmetrics

FONT = "SignstageCJK"  # the name the audit-trail PDF registers the same font under
# A CJK character is a place to break; a run of other letters (an English name) stays whole.
_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+")


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    """True when text holds a CJK character (or full-width punctuation)."""
    return bool(_CJK.search(text))


def register_font() -> None:
    """Register the TrueType CJK font once: reportlab embeds a subset, so the PDF reads anywhere."""
    from reportlab.pdfbase.ttfonts import TTFont

    from backend.lib.imaging.fonts import cjk_font_path

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, cjk_font_path(), subfontIndex=0))


def width_of(text: str, size: float) -> float:
    """The set width of `text` at `size` points."""
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy lines of at most `width`; an over-long word gets a line of its own."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        candidate = line + token
        if line and width_of(candidate.rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def fit(text: str, size: float, width: float, max_lines: int = 1, floor: float = 0.55) -> tuple[float, list[str]]:
    """The largest size (down to floor × size) at which text fits in max_lines, preferring fewer lines.

    When nothing fits, the smallest size with its last line cut short (…).
    """
    for allowed in range(1, max_lines + 1):
        s = size
        while s >= size * floor:
            lines = wrap(text, s, width)
            if len(lines) <= allowed:
                return s, lines
            s *= 0.94
    s = size * floor
    lines = wrap(text, s, width)[:max_lines]
    last = lines[-1]
    while last and width_of(last + "…", s) > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return s, lines
