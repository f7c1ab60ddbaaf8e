"""A reader that follows a document as signing appends revisions to it, instead of reading it anew each time.

pyHanko reads a PDF by parsing every revision's cross-reference section and, on demand, each object.
Both cost the same again for every signature if a new reader is opened over the grown file: measured
here ~0.8 ms per revision and ~0.4 ms per form field, which made the hundredth signer of a contract
(200 revisions, 300 fields) several times slower than the first. A signature only appends one
section and rewrites a few objects, so the reader of the previous bytes is moved forward instead: it
parses the one new section, forgets the objects that section redefines, and keeps every other parsed
object, which is still what the file says.

This reaches into pyHanko internals (the xref builder, the reader's caches); it is only used with the
pyHanko line it was written against, checks what it can, and any surprise falls back to a new reader.
"""

import io
import logging
import os

log = logging.getLogger(__name__)
_KNOWN_PYHANKO = ("0.38.",)


def _pyhanko_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyHanko")
    except PackageNotFoundError:
        return ""


_FOLLOWS = _pyhanko_version().startswith(_KNOWN_PYHANKO)


def fresh_reader(data: bytes):
    """A new pyHanko reader over `data` (every revision parsed)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def follow(reader, old: bytes, new: bytes):
    """A reader over `new`, which is `old` (the bytes `reader` reads) plus one incremental revision.

    Moves `reader` forward when it can (the reader over `old` must not be used after this call);
    otherwise returns a fresh reader over `new`.
    """
    if _FOLLOWS and reader is not None and len(new) > len(old) and new.startswith(old):
        try:
            if _advance(reader, new):
                return reader
        except Exception:  # a pyHanko that changed inside: read the file anew
            log.warning("following a PDF's new revision failed; reading it anew", exc_info=True)
    return fresh_reader(new)


def _advance(reader, new: bytes) -> bool:
    from pyhanko.pdf_utils.decode_limits import DecodeContext
    from pyhanko.pdf_utils.reader import process_data_at_eof
    from pyhanko.pdf_utils.xref import TrailerDictionary, XRefBuilder, XRefCache

    stream = io.BytesIO(new)
    stream.seek(-1, os.SEEK_END)
    startxref = process_data_at_eof(stream)
    builder = XRefBuilder(handler=reader, stream=stream, strict=False, last_startxref=startxref)
    stream.seek(startxref)
    # as XRefBuilder.read_xrefs does for each section: "xref" and one more byte, or an xref stream
    if stream.read(1) == b"x":
        if stream.read(4)[:3] != b"ref":
            return False
        prev = builder._read_xref_table(startxref)
    else:
        stream.seek(startxref)
        prev = builder._read_xref_stream(startxref)
    # The new section must be exactly one, and point back at the section the reader already has.
    if len(builder.sections) != 1 or prev != reader.last_startxref:
        return False
    if bool(builder.has_xref_stream) != bool(reader.has_xref_stream):
        return False
    section = builder.sections[0]
    sections = [*reader.xrefs._xref_sections, section]
    trailer = TrailerDictionary()
    trailer.container_ref = builder.trailer.container_ref
    for revision in (*builder.trailer._trailer_revisions, *reader.trailer._trailer_revisions):
        trailer.add_trailer_revision(revision)

    data = section.xref_data
    if data.hybrid is not None:
        return False  # hybrid sections are not something a signature of ours writes
    # Object numbers the new section defines, redefines or frees (any generation, to be safe).
    redefined = {idnum for idnum, _generation in data.explicit_refs_in_revision}
    reader.stream = stream
    reader.xrefs = XRefCache(reader, sections)
    reader.trailer = trailer
    reader.last_startxref = startxref
    reader._decode_context = DecodeContext(reader.decode_context.limits, input_size=len(new))
    reader._historical_resolver_cache = {}
    reader._embedded_signatures = None
    for key in [k for k in reader.resolved_objects if k[1] in redefined]:
        del reader.resolved_objects[key]
    return True
