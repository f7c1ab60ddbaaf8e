"""Inspecting uploaded PDFs: page count, displayed page sizes, SHA-256, or a specific refusal."""

import hashlib
import io
from dataclasses import dataclass

from backend.lib.errors import N_
from backend.lib.pdf.errors import (
    BrokenPdf,
    EmptyFile,
    EmptyPdf,
    EncryptedPdf,
    NotAPdf,
    PdfError,
    PdfTooLarge,
    TooManyPages,
    XfaOnly,
    parsing,
)
from backend.lib.pdf.geometry import MAX_TREE_DEPTH, PageGeometry, PageSize, geometry_from_attrs

DEFAULT_MAX_BYTES = 50 * 2**20
DEFAULT_MAX_PAGES = 500
_HEADER_WINDOW = 1024  # the spec lets junk precede %PDF- within the first 1 KiB


@dataclass(frozen=True)
class PdfInfo:
    """What booking needs to know about a PDF."""

    sha256: str
    page_count: int
    pages: tuple[PageSize, ...]


def check_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """The checks that need no parsing: not empty, not too large, a PDF header; or a specific PdfError."""
    if not data:
        raise EmptyFile("The file is empty")
    if len(data) > max_bytes:
        raise PdfTooLarge(f"The file is {len(data)} bytes; at most {max_bytes} are allowed",
                          message_zh=N_("PDF 文件过大（最大 %(mb)s MB）"),
                          params={"mb": max_bytes // 2**20})
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise NotAPdf("The file is not a PDF (no %PDF- header)")


def open_reader(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES):
    """A pyHanko reader over `data` after the cheap checks, or a specific PdfError."""
    check_bytes(data, max_bytes=max_bytes)
    from pyhanko.pdf_utils.reader import PdfFileReader

    with parsing("parsed"):
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    if "/Encrypt" in reader.trailer_view:
        raise EncryptedPdf("The PDF is encrypted; upload an unencrypted copy")
    return reader


def deref_get(d, key, default=None):
    """d[key] dereferenced (pyHanko's .get() may hand back an indirect reference)."""
    return d[key] if key in d else default


def _ref_key(obj):
    ref = getattr(obj, "reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


def page_geometries(reader, max_pages: int) -> tuple[PageGeometry, ...]:
    """Every page's geometry, in order, refusing more than max_pages without visiting them all."""
    from pyhanko.pdf_utils import generic

    root = reader.root
    pages_raw = root.raw_get("/Pages")
    try:
        claimed = int(deref_get(root["/Pages"], "/Count", 0))
    except (TypeError, ValueError):
        claimed = 0
    # /Count is cheap and usually honest: refuse a huge file before walking it.
    if claimed > max_pages:
        raise TooManyPages(f"The PDF has {claimed} pages; at most {max_pages} are allowed",
                           message_zh=N_("PDF 页数过多（最多 %(n)s 页）"), params={"n": max_pages})
    result: list[PageGeometry] = []
    seen: set = set()
    stack = [(pages_raw, {}, 0)]
    while stack:
        raw, inherited, depth = stack.pop()
        key = _ref_key(raw)
        if key in seen or depth > MAX_TREE_DEPTH:
            raise BrokenPdf("The page tree loops or is nested too deeply")
        seen.add(key)
        node = raw.get_object() if isinstance(raw, generic.IndirectObject) else raw
        if not isinstance(node, generic.DictionaryObject):
            raise BrokenPdf("The page tree contains something that is not a page")
        attrs = dict(inherited)
        for k in ("/MediaBox", "/CropBox", "/Rotate"):
            if k in node:
                attrs[k] = node[k]
        kind = deref_get(node, "/Type")
        if kind == "/Pages" or (kind is None and "/Kids" in node):
            kids = deref_get(node, "/Kids") or []
            for kid in reversed(list(kids.raw_get(i) for i in range(len(kids)))):
                stack.append((kid, attrs, depth + 1))
        else:
            result.append(geometry_from_attrs(attrs))
            # A lying /Count cannot make us walk an unbounded tree.
            if len(result) > max_pages:
                raise TooManyPages(f"The PDF has more than {max_pages} pages",
                                   message_zh=N_("PDF 页数过多（最多 %(n)s 页）"), params={"n": max_pages})
    return tuple(result)


def _check_xfa(reader) -> None:
    root = reader.root
    form = deref_get(root, "/AcroForm")
    if form is None or "/XFA" not in form:
        return
    fields = deref_get(form, "/Fields") or []
    if bool(deref_get(root, "/NeedsRendering", False)) or len(fields) == 0:
        raise XfaOnly("The PDF is a dynamic XFA form; export it to an ordinary PDF first",
                      message_zh=N_("不支持 XFA 动态表单 PDF，请先导出为普通 PDF"))


def pdf_info(reader, data: bytes, max_pages: int) -> PdfInfo:
    """What inspect_pdf answers, from an open reader over `data`."""
    try:
        geoms = page_geometries(reader, max_pages)
        _check_xfa(reader)
    except (PdfError, MemoryError):  # a memory budget is not a broken file
        raise
    except RecursionError as exc:
        raise BrokenPdf("The PDF's structure is nested too deeply") from exc
    except Exception as exc:
        raise BrokenPdf(f"The PDF cannot be read: {exc}") from exc
    if not geoms:
        raise EmptyPdf("The PDF has no pages")
    return PdfInfo(
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=len(geoms),
        pages=tuple(g.displayed for g in geoms),
    )


def inspect_pdf(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES) -> PdfInfo:
    """Page count, displayed page sizes and SHA-256 of an uploaded PDF, or a specific PdfError."""
    return pdf_info(open_reader(data, max_bytes=max_bytes), data, max_pages)
