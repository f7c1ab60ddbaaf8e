"""The standard round red Chinese company seal, and uploaded seal images."""

import io
import math

from PIL import Image, ImageChops, ImageDraw, ImageFont

from backend.lib.errors import N_
from backend.lib.imaging.checks import load_image
from backend.lib.imaging.errors import ImageBlank, SealTextInvalid
from backend.lib.imaging.fonts import cjk_font_path, missing_characters

SEAL_RED = (230, 0, 18)
KINDS = ("official", "contract", "finance", "personnel", "invoice", "other")
# Text along the bottom when the caller gives none, as on real seals.
DEFAULT_SEAL_NAMES = {
    "official": "",
    "contract": "合同专用章",  # i18n: data (drawn into the seal, as on real seals)
    "finance": "财务专用章",  # i18n: data (drawn into the seal)
    "personnel": "人事专用章",  # i18n: data (drawn into the seal)
    "invoice": "发票专用章",  # i18n: data (drawn into the seal)
    "other": "",
}
# Physical diameter per kind (mm), for callers laying the seal on paper.
DIAMETER_MM = {"official": 42, "contract": 42, "finance": 38, "personnel": 40, "invoice": 40, "other": 40}

MAX_NAME_CHARS = 40
MAX_SEAL_NAME_CHARS = 12
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
UPLOAD_MAX_SIDE = 2000
_SUPERSAMPLE = 3


def _check_text(name: str, label: str, limit: int, font_path: str) -> str:
    text = "".join((name or "").split())
    if len(text) > limit:
        raise SealTextInvalid(f"The {label} has {len(text)} characters; at most {limit}",
                              message_zh=N_("印章文字过长（最多 %(limit)s 个字）"), params={"limit": limit})
    missing = missing_characters(text, font_path)
    if missing:
        raise SealTextInvalid(f"The font cannot draw these characters of the {label}: {missing}",
                              message_zh=N_("字体缺少这些字：%(missing)s"), params={"missing": missing})
    return text


def _glyph_mask(font: ImageFont.FreeTypeFont, ch: str, height: int, x_scale: float) -> Image.Image:
    """One character as an ink mask, centred on the em box, squeezed horizontally."""
    box = int(height * 1.4)
    img = Image.new("L", (box, box), 0)
    # Seal engravings are heavier than screen fonts: thicken strokes with an outline.
    stroke = max(1, round(height * 0.025))
    ImageDraw.Draw(img).text((box / 2, box / 2), ch, fill=255, font=font, anchor="mm",
                             stroke_width=stroke, stroke_fill=255)
    if x_scale < 0.999:
        img = img.resize((max(1, int(box * x_scale)), box), Image.LANCZOS)
    return img


def _paste_centered(mask: Image.Image, glyph: Image.Image, cx: float, cy: float) -> None:
    x0 = int(round(cx - glyph.width / 2))
    y0 = int(round(cy - glyph.height / 2))
    region = (x0, y0, x0 + glyph.width, y0 + glyph.height)
    mask.paste(ImageChops.lighter(mask.crop(region), glyph), region[:2])


def _star(cx: float, cy: float, r_out: float) -> list[tuple[float, float]]:
    r_in = r_out * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        a = math.radians(-90 + 36 * i)  # first point straight up
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def seal_mask(enterprise_name: str, seal_name: str = "", *, kind: str = "official",
              size_px: int = 600) -> Image.Image:
    """The seal's ink as an 8-bit mask of size_px square (255 = ink)."""
    if kind not in KINDS:
        raise SealTextInvalid(f"Unknown seal kind {kind!r}; one of {', '.join(KINDS)}",
                              message_zh=N_("未知的印章类型"))
    if not 64 <= size_px <= 4000:
        raise SealTextInvalid("size_px must be between 64 and 4000", message_zh=N_("印章尺寸无效"))
    font_path = cjk_font_path()
    name = _check_text(enterprise_name, "enterprise name", MAX_NAME_CHARS, font_path)
    if not name:
        raise SealTextInvalid("The enterprise name is empty", message_zh=N_("企业名称为空"))
    bottom = _check_text(seal_name or DEFAULT_SEAL_NAMES[kind], "seal name", MAX_SEAL_NAME_CHARS, font_path)

    s = size_px * _SUPERSAMPLE
    c = s / 2
    r_ring = s / 2 * 0.97
    ring_w = r_ring * 0.06
    mask = Image.new("L", (s, s), 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse((c - r_ring, c - r_ring, c + r_ring, c + r_ring), fill=255)
    r_hole = r_ring - ring_w
    draw.ellipse((c - r_hole, c - r_hole, c + r_hole, c + r_hole), fill=0)
    draw.polygon(_star(c, c, r_ring * 0.30), fill=255)

    text = Image.new("L", (s, s), 0)
    char_h = r_ring * 0.25
    r_text = r_ring * 0.89 - char_h / 2  # char centres; tops just inside the ring
    font = ImageFont.truetype(font_path, size=int(char_h), index=0)
    n = len(name)
    natural_pitch = math.degrees(char_h * 0.98 / r_text)  # square glyphs just touching
    # Long names spread further round the ring before glyphs get squeezed.
    span = 225.0 if n <= 12 else min(280.0, 225.0 + (n - 12) * 6)
    pitch = min(30.0, span / (n - 1)) if n > 1 else 0.0
    x_scale = min(1.0, pitch / natural_pitch) if n > 1 else 1.0
    start = -pitch * (n - 1) / 2
    for i, ch in enumerate(name):
        theta = start + i * pitch  # degrees clockwise from 12 o'clock
        glyph = _glyph_mask(font, ch, int(char_h), x_scale)
        # rotate clockwise by theta so the glyph's foot points at the centre
        glyph = glyph.rotate(-theta, resample=Image.BICUBIC, expand=True)
        t = math.radians(theta)
        _paste_centered(text, glyph, c + r_text * math.sin(t), c - r_text * math.cos(t))

    if bottom:
        bh = r_ring * 0.16
        bfont = ImageFont.truetype(font_path, size=int(bh), index=0)
        pitch_px = bh * 1.05
        max_width = r_ring * 0.95
        squeeze = min(1.0, max_width / (pitch_px * len(bottom)))
        y = c + r_ring * 0.56
        x0 = c - pitch_px * squeeze * (len(bottom) - 1) / 2
        for i, ch in enumerate(bottom):
            glyph = _glyph_mask(bfont, ch, int(bh), squeeze)
            _paste_centered(text, glyph, x0 + i * pitch_px * squeeze, y)

    mask = ImageChops.lighter(mask, text)
    return mask.resize((size_px, size_px), Image.LANCZOS)


def _rgba_from_mask(mask: Image.Image, color=SEAL_RED) -> Image.Image:
    img = Image.new("RGBA", mask.size, color + (0,))
    img.putalpha(mask)
    return img


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def generate_seal_png(enterprise_name: str, seal_name: str = "", *, kind: str = "official",
                      size_px: int = 600) -> bytes:
    """The round red seal (ring, name on the upper arc, star, seal name below) as a transparent PNG."""
    return _png(_rgba_from_mask(seal_mask(enterprise_name, seal_name, kind=kind, size_px=size_px)))


def _ink_lut(white: int, soft: int) -> list[int]:
    lo = white - soft
    return [255 if v <= lo else (0 if v >= white else int(255 * (white - v) / soft)) for v in range(256)]


# Opacity by darkness for the default white point: near-white 0, dark 255.
INK_LUT = _ink_lut(235, 40)


def ink_alpha(img: Image.Image, *, white: int = 235, soft: int = 40) -> Image.Image:
    """The alpha an image keeps once near-white is transparent (mode L), with a soft edge against halos."""
    rgba = img if img.mode == "RGBA" else img.convert("RGBA")
    r, g, b, a = rgba.split()
    # Whiteness = the darkest channel: a red seal keeps a dark G/B channel.
    darkest = ImageChops.darker(ImageChops.darker(r, g), b)
    lut = INK_LUT if (white, soft) == (235, 40) else _ink_lut(white, soft)
    return ImageChops.multiply(a, darkest.point(lut))


def whiten_to_alpha(img: Image.Image, *, white: int = 235, soft: int = 40) -> Image.Image:
    """RGBA copy where near-white becomes transparent, with a soft edge to avoid halos."""
    rgba = img.convert("RGBA")
    rgba.putalpha(ink_alpha(rgba, white=white, soft=soft))
    return rgba


def trim_to_ink(img: Image.Image, *, threshold: int = 24, pad_ratio: float = 0.02) -> Image.Image:
    """Crop an RGBA image to its inked (non-transparent) area, keeping a small margin."""
    alpha = img.getchannel("A").point(lambda v: 255 if v > threshold else 0)
    bbox = alpha.getbbox()
    if bbox is None:
        raise ImageBlank("The image has no visible ink", message_zh=N_("图片没有笔迹或印迹"))
    pad = int(max(img.size) * pad_ratio)
    x0, y0, x1, y1 = bbox
    return img.crop((max(0, x0 - pad), max(0, y0 - pad), min(img.width, x1 + pad), min(img.height, y1 + pad)))


def normalize_uploaded_seal(data: bytes) -> bytes:
    """Validate an uploaded seal (PNG/JPEG, ≤2 MB, ≤2000 px); white becomes transparent; PNG out."""
    img = load_image(data, max_bytes=UPLOAD_MAX_BYTES, max_side=UPLOAD_MAX_SIDE)
    rgba = whiten_to_alpha(img)
    return _png(trim_to_ink(rgba))
