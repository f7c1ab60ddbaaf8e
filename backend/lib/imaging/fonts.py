"""Locating the CJK TrueType font and reading glyph outlines from it."""

import os
import shutil
import subprocess
import threading
from functools import lru_cache

from backend.lib.errors import N_
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
# Typed signatures are drawn in AR PL UKai, a brush (kai) script covering CJK and Latin: Debian's fonts-arphic-ukai.
HANDWRITING_FAMILY = "AR PL UKai CN"
HANDWRITING_PATH = "/usr/share/fonts/truetype/arphic/ukai.ttc"
HANDWRITING_ENV_VAR = "SIGNSTAGE_HANDWRITING_FONT"

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


def _fc_match(family: str) -> str | None:
    """The file fontconfig has for `family`, or None: fc-match answers some fallback for any name."""
    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family], capture_output=True, text=True,
                               timeout=5, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families, _, path = found.partition("|")
    return path if family in families.split(",") and os.path.isfile(path) else None


@lru_cache(maxsize=1)
def handwriting_font_path() -> str:
    """Path of the handwriting font for typed signatures: $SIGNSTAGE_HANDWRITING_FONT, Debian's path, fc-match."""
    configured = os.environ.get(HANDWRITING_ENV_VAR)
    if configured:
        if os.path.isfile(configured):
            return configured
        raise FontMissing(f"{HANDWRITING_ENV_VAR} points at {configured!r}, which does not exist",
                          code="handwriting_font_missing", message_zh=N_("服务器缺少签名用的楷体字体"))
    if os.path.isfile(HANDWRITING_PATH):
        return HANDWRITING_PATH
    found = _fc_match(HANDWRITING_FAMILY)
    if found:
        return found
    raise FontMissing(f"No handwriting font ({HANDWRITING_FAMILY}) found: install fonts-arphic-ukai "
                      f"(apt-get install fonts-arphic-ukai) or set {HANDWRITING_ENV_VAR}",
                      code="handwriting_font_missing", message_zh=N_("服务器缺少签名用的楷体字体"))


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
