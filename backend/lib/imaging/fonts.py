"""Locating the CJK TrueType font and reading glyph outlines from it."""

import os
import threading
from functools import lru_cache

from backend.lib.imaging.errors import FontMissing

# TrueType-outline fonts only: reportlab cannot embed CFF (.otf) fonts and our
# outline reader expects a glyf table.
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
ENV_VAR = "SIGNSTAGE_CJK_FONT"

_lock = threading.Lock()


def cjk_font_path() -> str:
    """Path of a TrueType CJK font: $SIGNSTAGE_CJK_FONT, then WenQuanYi, then AR PL."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        if os.path.isfile(configured):
            return configured
        raise FontMissing(f"{ENV_VAR} points at {configured!r}, which does not exist")
    for path in CANDIDATES:
        if os.path.isfile(path):
            return path
    raise FontMissing(
        "No TrueType CJK font found: install fonts-wqy-microhei "
        f"(apt-get install fonts-wqy-microhei) or set {ENV_VAR}"
    )


@lru_cache(maxsize=4)
def _ttfont(path: str):
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True)
    if "glyf" not in font:
        raise FontMissing(f"{path} has no TrueType outlines (glyf table)")
    return font


def missing_characters(text: str, path: str | None = None) -> str:
    """The characters of `text` (ignoring spaces) the font has no glyph for."""
    font = _ttfont(path or cjk_font_path())
    cmap = font.getBestCmap()
    return "".join(ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in cmap)


def text_outline(text: str, size: float, path: str | None = None):
    """Outline of `text` set horizontally at `size` units per em, baseline y=0, y up.

    Returns (contours, advance): contours is a list of lists of segments
    ("M", x, y) / ("L", x, y) / ("C", x1, y1, x2, y2, x3, y3) / ("Z",).
    """
    from fontTools.pens.basePen import BasePen

    font = _ttfont(path or cjk_font_path())
    contours: list[list[tuple]] = []

    class _Pen(BasePen):
        def __init__(self, glyphset, dx, scale):
            super().__init__(glyphset)
            self.dx, self.scale = dx, scale

        def _p(self, pt):
            return (self.dx + pt[0] * self.scale, pt[1] * self.scale)

        def _moveTo(self, pt):
            contours.append([("M", *self._p(pt))])

        def _lineTo(self, pt):
            contours[-1].append(("L", *self._p(pt)))

        def _curveToOne(self, p1, p2, p3):
            contours[-1].append(("C", *self._p(p1), *self._p(p2), *self._p(p3)))

        def _closePath(self):
            contours[-1].append(("Z",))

    # fontTools' lazy tables are not safe to fill from two threads at once
    with _lock:
        cmap = font.getBestCmap()
        glyphset = font.getGlyphSet()
        hmtx = font["hmtx"]
        scale = size / font["head"].unitsPerEm
        x = 0.0
        for ch in text:
            name = cmap.get(ord(ch))
            if name is None:
                name = ".notdef"
            glyphset[name].draw(_Pen(glyphset, x, scale))
            x += hmtx[name][0] * scale
    return contours, x
