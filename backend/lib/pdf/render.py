"""Rendering pages to PNG/JPEG with pypdfium2, cached on disk by (SHA-256, page, width, format)."""

import hashlib
import io
import os
import tempfile
import threading

from backend.lib.errors import N_
from backend.lib.pdf.errors import BrokenPdf, EncryptedPdf, PageOutOfRange, PdfError

FORMATS = ("png", "jpeg")
# Pages are opaque and mostly text: q82 keeps small print crisp at a third of the PNG's bytes, and
# libjpeg-turbo encodes it ~15x faster than zlib compresses the PNG.
JPEG_QUALITY = 82
MIN_WIDTH, MAX_WIDTH = 16, 4000
# pdfium is not thread-safe; one render at a time per process.
_pdfium_lock = threading.Lock()


class RenderRequestInvalid(PdfError):
    """The requested width or format is not allowed."""

    code = "invalid_render_request"
    message_zh = N_("页面预览参数无效")


def cache_path(cache_dir: str, sha256: str, page: int, width: int, fmt: str) -> str:
    """Where a rendered page lives in the cache."""
    return os.path.join(cache_dir, sha256[:2], f"{sha256}-p{page}-w{width}.{fmt}")


def _render(data: bytes, page: int, width: int, fmt: str) -> bytes:
    import pypdfium2 as pdfium

    with _pdfium_lock:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise EncryptedPdf("The PDF is encrypted") from exc
            raise BrokenPdf(f"The PDF cannot be rendered: {exc}") from exc
        try:
            # Without init_forms pdfium skips widget appearances, i.e. every seal.
            doc.init_forms()
            if not 1 <= page <= len(doc):
                raise PageOutOfRange(f"Page {page} is not in this {len(doc)}-page document")
            pg = doc[page - 1]
            try:
                # get_width() is the displayed width: CropBox, after /Rotate.
                scale = width / pg.get_width()
                # RGB byte order straight from pdfium: PIL then need not swap channels.
                bitmap = pg.render(scale=scale, may_draw_forms=True, rev_byteorder=True)
                image = bitmap.to_pil()
            finally:
                pg.close()
        finally:
            doc.close()
    out = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def render_page(data: bytes, page: int, *, width: int, fmt: str = "png",
                cache_dir: str | None = None, sha256: str | None = None) -> bytes:
    """Page `page` (1-based) as an image `width` px wide; cached on disk when cache_dir is given."""
    if fmt not in FORMATS:
        raise RenderRequestInvalid(f"Format must be one of {FORMATS}")
    if not isinstance(width, int) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise RenderRequestInvalid(f"Width must be between {MIN_WIDTH} and {MAX_WIDTH} px")
    if not isinstance(page, int) or page < 1:
        raise PageOutOfRange(f"Page {page} is not a page number")
    if cache_dir is None:
        return _render(data, page, width, fmt)
    digest = sha256 or hashlib.sha256(data).hexdigest()
    path = cache_path(cache_dir, digest, page, width, fmt)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        pass
    image = _render(data, page, width, fmt)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # write-then-rename: concurrent renders of one page never expose a partial file
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(image)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return image


__all__ = ["render_page", "cache_path", "JPEG_QUALITY", "RenderRequestInvalid", "PdfError"]
