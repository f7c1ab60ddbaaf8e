"""Refusing PDFs that carry active content or hidden data, before anyone is asked to sign them.

A contract is shown to every party, signed and handed to each of them: a PDF that runs
JavaScript, launches programs, carries embedded files or an XFA form (which viewers render
instead of the pages that are signed), or hides a second file after its end would reach them all
with the platform's signature on it. Such files are refused rather than sanitised: removing
parts of a document silently changes what the parties agreed to sign, and the organizer can
always export a clean PDF from the authoring tool and upload that instead.
"""

import io
import re

from backend.lib.errors import N_
from backend.lib.pdf.errors import ActiveContent, BrokenPdf, parsing
from backend.lib.pdf.inspect import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, PdfInfo, deref_get, open_reader, pdf_info

# A contract has thousands of objects at most; far more is a file built to be slow to walk.
MAX_OBJECTS = 200_000
MAX_DEPTH = 64  # direct objects nested inside one another
_WHITESPACE = b"\x00\t\n\x0c\r "
_END = re.compile(rb"[\x00\t\n\x0c\r ]*(?:endobj[\x00\t\n\x0c\r ]*)?startxref[\x00\t\n\x0c\r ]+(\d+)"
                  rb"[\x00\t\n\x0c\r ]*%%EOF[\x00\t\n\x0c\r ]*\Z")

_REASONS = {
    "javascript": ("The PDF contains JavaScript", N_("PDF 含有 JavaScript 脚本，请导出不含这些内容的 PDF 后重新上传")),
    "launch": ("The PDF contains an action that launches a program or file",
               N_("PDF 含有启动程序或文件的动作，请导出不含这些内容的 PDF 后重新上传")),
    "embedded_file": ("The PDF contains embedded files or attachments",
                      N_("PDF 含有嵌入文件或附件，请导出不含这些内容的 PDF 后重新上传")),
    "xfa": ("The PDF contains an XFA form", N_("PDF 含有 XFA 表单，请导出不含这些内容的 PDF 后重新上传")),
    "trailing_data": ("The PDF has data after the end of file",
                      N_("PDF 文件结束标记之后还有其他数据，请导出不含这些内容的 PDF 后重新上传")),
}


def _refuse(reason: str):
    english, chinese = _REASONS[reason]
    return ActiveContent(f"{english}; export a clean PDF and upload that", reason=reason,
                         message_zh=chinese)


def check_end_of_file(data: bytes, reader) -> None:
    """Refuse bytes after the last revision's trailer: an appended ZIP, or one followed by a forged %%EOF."""
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.xref import XRefSectionType

    xrefs = reader.xrefs
    sections = [xrefs.get_xref_container_info(i) for i in range(xrefs.total_revisions)]
    # The section that ends the file: the newest one, except in a linearized file, whose final
    # startxref points back to the first-page section at its start.
    last = max(sections, key=lambda section: section.start_location)
    pos = last.end_location
    if last.xref_section_type != XRefSectionType.STREAM:
        # A table is followed by its trailer dictionary (pyHanko's table reader already consumed the
        # keyword), which may hold comments: let pyHanko parse it to find where it ends.
        stream = io.BytesIO(data)
        stream.seek(pos)
        misc.read_non_whitespace(stream)
        stream.seek(-1, io.SEEK_CUR)
        if data.startswith(b"trailer", stream.tell()):
            stream.seek(7, io.SEEK_CUR)
        try:
            generic.DictionaryObject.read_from_stream(stream, generic.TrailerReference(reader))
        except MemoryError:
            raise
        except Exception as exc:  # a trailer pyHanko read once is no reason to crash here
            raise BrokenPdf(f"The PDF's trailer cannot be read: {exc}") from exc
        pos = stream.tell()
    end = _END.match(data, pos)
    if end is None or int(end.group(1)) != sections[-1].declared_startxref:
        raise _refuse("trailing_data")


def _name(d, key):
    value = deref_get(d, key)
    return str(value) if value is not None else None


def _reason_of(d) -> str | None:
    """Why this dictionary is active content, or None."""
    if "/JS" in d:
        return "javascript"
    action = _name(d, "/S")
    if action == "/JavaScript":
        return "javascript"
    if action == "/Launch":
        return "launch"
    if action == "/GoToE" or "/EmbeddedFiles" in d or "/EF" in d:
        return "embedded_file"
    kind, subtype = _name(d, "/Type"), _name(d, "/Subtype")
    if kind == "/EmbeddedFile" or subtype in ("/FileAttachment", "/RichMedia"):
        return "embedded_file"
    if "/XFA" in d:
        return "xfa"
    return None


def check_active_content(reader) -> None:
    """Refuse a PDF whose objects, reachable from its trailer, hold JavaScript, launch actions, files or XFA."""
    from pyhanko.pdf_utils import generic

    names = deref_get(reader.root, "/Names")
    if isinstance(names, generic.DictionaryObject) and "/JavaScript" in names:
        raise _refuse("javascript")
    # Walks every object once, without recursion: stream data is never decoded, only dictionaries read.
    stack = [(reader.trailer_view, 0)]
    seen: set = set()
    while stack:
        obj, depth = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise BrokenPdf(f"The PDF has more than {MAX_OBJECTS} objects")
            obj, depth = obj.get_object(), 0
        if depth > MAX_DEPTH:
            raise BrokenPdf("The PDF's objects are nested too deeply")
        if isinstance(obj, generic.DictionaryObject):
            reason = _reason_of(obj)
            if reason:
                raise _refuse(reason)
            stack.extend((obj.raw_get(k), depth + 1) for k in obj.keys())
        elif isinstance(obj, generic.ArrayObject):
            stack.extend((obj.raw_get(i), depth + 1) for i in range(len(obj)))


def inspect_upload(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES) -> PdfInfo:
    """inspect_pdf's answer for a PDF to be signed, after refusing active content and trailing data."""
    reader = open_reader(data, max_bytes=max_bytes)
    info = pdf_info(reader, data, max_pages)
    with parsing("read"):
        check_end_of_file(data, reader)
        check_active_content(reader)
    return info
