"""Small helpers shared by the imaging tests."""

import io

from PIL import Image


def png_bytes(img: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()
