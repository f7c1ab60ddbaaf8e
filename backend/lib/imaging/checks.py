"""Validating uploaded image bytes before anything else touches them."""

import io
import warnings

from PIL import Image

from backend.lib.errors import N_
from backend.lib.imaging.errors import ImageTooBig, ImageTooLarge, ImageTruncated, NotAnImage

_MAGIC = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
}


def sniff_format(data: bytes) -> str | None:
    """The image format named by the file's magic bytes, or None."""
    for fmt, magics in _MAGIC.items():
        if any(data.startswith(m) for m in magics):
            return fmt
    return None


def load_image(
    data: bytes,
    *,
    max_bytes: int,
    max_side: int,
    formats: tuple[str, ...] = ("PNG", "JPEG"),
) -> Image.Image:
    """Fully decode PNG/JPEG bytes into an image, refusing anything suspicious."""
    if not data:
        raise NotAnImage("The file is empty", message_zh=N_("文件是空的"))
    if len(data) > max_bytes:
        raise ImageTooLarge(f"The image is {len(data)} bytes; at most {max_bytes} are allowed")
    fmt = sniff_format(data)
    # The magic bytes decide, not the file name: SVG, HTML or text named .png stop here.
    if fmt is None or fmt not in formats:
        raise NotAnImage(f"The file is not one of: {', '.join(formats)}")
    try:
        with warnings.catch_warnings():
            # Pillow only warns below 2x its bomb limit; make every warning an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt])
            width, height = image.size
            # Refuse by header size before decoding so a bomb never allocates.
            if width > max_side or height > max_side:
                raise ImageTooBig(f"The image is {width}x{height} px; at most {max_side} px a side")
            if width == 0 or height == 0:
                raise NotAnImage("The image has no pixels")
            if fmt == "PNG":
                # verify() checks chunk CRCs and the IEND chunk; load() alone does not.
                Image.open(io.BytesIO(data), formats=[fmt]).verify()
                image = Image.open(io.BytesIO(data), formats=[fmt])
            image.load()
    except (ImageTooBig, NotAnImage):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooBig("The image decompresses to too many pixels") from exc
    except Image.UnidentifiedImageError as exc:
        raise NotAnImage("The file is not a readable image") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageTruncated(f"The image data is truncated or corrupt ({exc})") from exc
    return image
