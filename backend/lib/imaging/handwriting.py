"""Handwritten signatures from the signer's canvas."""

import io

from PIL import Image

from backend.lib.errors import N_
from backend.lib.imaging.checks import load_image
from backend.lib.imaging.errors import ImageBlank
from backend.lib.imaging.seal import ink_alpha, trim_to_ink, whiten_to_alpha

# Fewer inked pixels than this is a tap or a speck, not a signature.
MIN_INK_PIXELS = 30
# Alpha above this counts as ink.
INK_ALPHA = 64
_INKED = [255 if v > INK_ALPHA else 0 for v in range(256)]


def _ink_pixels(img: Image.Image) -> int:
    # Counting bytes is 2x faster than Pillow's histogram on a canvas-sized image.
    return ink_alpha(img).point(_INKED).tobytes().count(255)


def check_handwriting(data: bytes, *, max_bytes: int = 500_000, max_side: int = 2000) -> Image.Image:
    """Refuse anything but a PNG/JPEG within the limits that carries ink; return the decoded image."""
    img = load_image(data, max_bytes=max_bytes, max_side=max_side)
    if _ink_pixels(img) < MIN_INK_PIXELS:
        raise ImageBlank("The signature is blank", message_zh=N_("签名是空白的"))
    return img


def clean_handwriting(data: bytes, *, max_bytes: int = 500_000, max_side: int = 2000) -> bytes:
    """Validate a canvas PNG/JPEG, refuse blank ones, trim to the ink, return a transparent PNG."""
    out = io.BytesIO()
    rgba = whiten_to_alpha(check_handwriting(data, max_bytes=max_bytes, max_side=max_side))
    trim_to_ink(rgba).save(out, format="PNG")  # optimize=True cost 4x the whole clean-up, for 10 %
    return out.getvalue()
