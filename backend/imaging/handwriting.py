"""Handwritten signatures from the signer's canvas."""

import io

from .checks import load_image
from .errors import ImageBlank
from .seal import trim_to_ink, whiten_to_alpha

# Fewer inked pixels than this is a tap or a speck, not a signature.
MIN_INK_PIXELS = 30


def clean_handwriting(data: bytes, *, max_bytes: int = 500_000, max_side: int = 2000) -> bytes:
    """Validate a canvas PNG/JPEG, refuse blank ones, trim to the ink, return a transparent PNG."""
    img = load_image(data, max_bytes=max_bytes, max_side=max_side)
    rgba = whiten_to_alpha(img)
    inked = sum(rgba.getchannel("A").point(lambda v: 1 if v > 64 else 0).histogram()[1:])
    if inked < MIN_INK_PIXELS:
        raise ImageBlank("The signature is blank", message_zh="签名是空白的")
    out = io.BytesIO()
    trim_to_ink(rgba).save(out, format="PNG")  # optimize=True cost 4x the whole clean-up, for 10 %
    return out.getvalue()
