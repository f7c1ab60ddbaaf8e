"""PDFs with active content or hidden data, and PDFs built to be slow: made in the test run."""

import io
import re
import zipfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from tests.pdf import pdf_factory


def _name(n: str) -> NameObject:
    return NameObject(n)


def _writer(pages: int = 1) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_factory.contract(pages))))


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    action.update({_name(f"/{k}"): v for k, v in entries.items()})
    return action


def open_action_javascript() -> bytes:
    """/OpenAction runs JavaScript when the file opens."""
    w = _writer()
    w._root_object[_name("/OpenAction")] = _action("/JavaScript", JS=TextStringObject("app.alert('hi');"))
    return _bytes(w)


def document_javascript() -> bytes:
    """Document-level JavaScript in the /Names /JavaScript tree."""
    w = _writer()
    action = w._add_object(_action("/JavaScript", JS=TextStringObject("this.print();")))
    tree = DictionaryObject({_name("/Names"): ArrayObject([TextStringObject("print"), action])})
    w._root_object[_name("/Names")] = DictionaryObject({_name("/JavaScript"): w._add_object(tree)})
    return _bytes(w)


def page_javascript() -> bytes:
    """A page's additional action (/AA /O) runs JavaScript when the page opens."""
    w = _writer(2)
    aa = DictionaryObject({_name("/O"): w._add_object(_action("/JavaScript", JS=TextStringObject("1;")))})
    w.pages[1][_name("/AA")] = aa
    return _bytes(w)


def launch_action() -> bytes:
    """/OpenAction launches a program."""
    w = _writer()
    w._root_object[_name("/OpenAction")] = _action("/Launch", F=TextStringObject("cmd.exe"))
    return _bytes(w)


def embedded_file() -> bytes:
    """A file in the /EmbeddedFiles name tree."""
    w = _writer()
    w.add_attachment("payload.exe", b"MZ\x90\x00 not really a program")
    return _bytes(w)


def file_attachment_annotation() -> bytes:
    """A /FileAttachment annotation on page 1."""
    w = _writer()
    stream = DecodedStreamObject()
    stream.set_data(b"hidden")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    spec = DictionaryObject({_name("/Type"): _name("/Filespec"), _name("/F"): TextStringObject("a.txt"),
                             _name("/EF"): DictionaryObject({_name("/F"): w._add_object(stream)})})
    annot = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/FileAttachment"),
        _name("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(70), FloatObject(70)]),
        _name("/FS"): w._add_object(spec)})
    w.pages[0][_name("/Annots")] = ArrayObject([w._add_object(annot)])
    return _bytes(w)


def xfa_form() -> bytes:
    """An AcroForm with ordinary fields and an /XFA packet beside them (viewers may render the XFA)."""
    w = _writer()
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    field = DictionaryObject({
        _name("/FT"): _name("/Tx"), _name("/T"): TextStringObject("name"), _name("/Type"): _name("/Annot"),
        _name("/Subtype"): _name("/Widget"),
        _name("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(200), FloatObject(70)])})
    ref = w._add_object(field)
    w.pages[0][_name("/Annots")] = ArrayObject([ref])
    w._root_object[_name("/AcroForm")] = DictionaryObject({_name("/Fields"): ArrayObject([ref]),
                                                          _name("/XFA"): w._add_object(xfa)})
    return _bytes(w)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "a second file riding along")
    return out.getvalue()


def appended_zip() -> bytes:
    """A ZIP appended after %%EOF (a PDF/ZIP polyglot)."""
    return pdf_factory.contract(1) + _zip()


def appended_zip_with_forged_end() -> bytes:
    """A ZIP appended, then the last startxref and %%EOF repeated so the file seems to end properly."""
    pdf = pdf_factory.contract(1)
    startxref = re.findall(rb"startxref\s+(\d+)", pdf)[-1]
    return pdf + _zip() + b"\nstartxref\n" + startxref + b"\n%%EOF\n"


def harmless_features() -> bytes:
    """What contracts legitimately carry: a web link, an /OpenAction that only opens page 1, trailing newlines."""
    w = _writer()
    w.add_uri(0, "https://example.com/terms", [72, 72, 200, 90])
    w._root_object[_name("/OpenAction")] = ArrayObject([w.pages[0].indirect_reference, _name("/Fit")])
    return _bytes(w) + b"\r\n\n"


def _append_values(pdf: bytes, values: list[tuple[str, str]]) -> bytes:
    """One hand-written incremental update per (field, value): each sets one text field's /V."""
    from pyhanko.pdf_utils import generic

    from backend.lib.pdf.fields import read_fields
    from backend.lib.pdf.inspect import open_reader

    reader = open_reader(pdf, max_bytes=2**30)
    fields = read_fields(reader)
    size, root = int(reader.trailer_view["/Size"]), reader.trailer_view.raw_get("/Root")
    out = bytearray(pdf)
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    for name, value in values:
        ref = fields[name][1]
        field = generic.DictionaryObject(dict(ref.get_object().items()))
        field[generic.pdf_name("/V")] = generic.TextStringObject(value)
        body = io.BytesIO()
        field.write_to_stream(body)
        at = len(out)
        out += b"%d %d obj\n" % (ref.idnum, ref.generation) + body.getvalue() + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n%d 1\n%010d %05d n \n" % (ref.idnum, at, ref.generation)
        out += (b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (size, root.idnum, root.generation, prev, xref))
        prev = xref
    return bytes(out)


def slow_to_verify(ca, seal_png: bytes, *, fields: int = 1500, revisions: int = 240) -> bytes:
    """A genuinely signed one-page contract with many date fields, then one revision per filled date.

    Every revision is an allowed change (form filling), so the change analysis must compare each
    of them with the signed revision, and every comparison walks every field: without limits this
    file (about 630 kB, 1 signature, 242 revisions: under the default size, page, signature and
    revision caps) costs minutes of CPU and gigabytes of memory to verify.
    """
    from backend.lib.pdf.controls import ControlSpec
    from backend.lib.pdf.prepare import prepare_pdf
    from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields

    cols = 30
    rows = -(-fields // cols)
    controls = [ControlSpec("seal", 1, 0.4, 0.0, 0.2, 0.08, "seal")] + [
        ControlSpec(f"d{i}", 1, (i % cols) / cols, 0.1 + (i // cols) * 0.88 / rows, 0.9 / cols, 0.7 * 0.88 / rows, "date")
        for i in range(fields)]
    prepared = prepare_pdf(pdf_factory.contract(1), controls)
    signed = sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"), [FieldValue("seal", "seal", seal_png)], ca)
    return _append_values(signed, [(f"d{i % fields}", f"v{i}") for i in range(revisions)])


# Each builder, the reason code it must be refused with, and words its message must hold.
REFUSED = [
    (open_action_javascript, "javascript", "JavaScript"),
    (document_javascript, "javascript", "JavaScript"),
    (page_javascript, "javascript", "JavaScript"),
    (launch_action, "launch", "launches a program"),
    (embedded_file, "embedded_file", "embedded files"),
    (file_attachment_annotation, "embedded_file", "embedded files"),
    (xfa_form, "xfa", "XFA"),
    (appended_zip, "trailing_data", "data after the end of file"),
    (appended_zip_with_forged_end, "trailing_data", "data after the end of file"),
]
