"""Typed signatures: a name drawn in a handwriting font as a transparent PNG, like a signature from the pad."""

import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

from backend.lib.errors import N_
from backend.lib.imaging.errors import TypedNameInvalid
from backend.lib.imaging.fonts import handwriting_font_path, missing_characters

MAX_CHARS = 40
INK = (17, 17, 17)  # the pad's ink (#111111)
FONT_SIZE = 96  # px; about what a finger writes on the pad at twice the CSS size
MAX_WIDTH = 1800  # the pad's exports stay within 1800 px a side too; the handwriting checks allow 2000
MARGIN = 12


def tidy(name: str) -> str:
    """The name as it is drawn: NFC, trimmed, inner runs of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


def comparable(name: str) -> str:
    """The name as it is compared: compatibility forms folded (full-width letters), no whitespace, any case."""
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def render_typed_signature(name: str, *, font_path: str | None = None) -> bytes:
    """Draw `name` in the handwriting font, trimmed to the ink with a small margin; return PNG bytes.

    The same name always gives the same bytes (on one Pillow and font), so a preview is what is stored.
    """
    text = tidy(name)
    if not text:
        raise TypedNameInvalid("The name is empty", message_zh=N_("请输入姓名"))
    if len(text) > MAX_CHARS:
        raise TypedNameInvalid(f"The name has {len(text)} characters; at most {MAX_CHARS}",
                               message_zh=N_("姓名至多%(n)s个字"), params={"n": MAX_CHARS})
    path = font_path or handwriting_font_path()
    missing = missing_characters(text, path)
    if missing:
        raise TypedNameInvalid(f"The handwriting font cannot draw: {missing}",
                               message_zh=N_("签名字体无法书写这些字：%(chars)s"), params={"chars": missing},
                               missing=missing)
    font = ImageFont.truetype(path, FONT_SIZE, index=0)
    left, top, right, bottom = font.getbbox(text)
    if right - left > MAX_WIDTH - 2 * MARGIN:  # a long name is set smaller rather than cut
        font = ImageFont.truetype(path, max(24, FONT_SIZE * (MAX_WIDTH - 2 * MARGIN) // (right - left)), index=0)
        left, top, right, bottom = font.getbbox(text)
    img = Image.new("RGBA", (right - left + 2 * MARGIN, bottom - top + 2 * MARGIN), (*INK, 0))
    ImageDraw.Draw(img).text((MARGIN - left, MARGIN - top), text, font=font, fill=(*INK, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
