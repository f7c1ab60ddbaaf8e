"""Reading the form fields of a (prepared or signed) PDF."""

from dataclasses import dataclass

from backend.lib.pdf.errors import BrokenPdf
from backend.lib.pdf.geometry import page_geometry
from backend.lib.pdf.inspect import deref_get


@dataclass(frozen=True)
class FieldInfo:
    """A terminal form field: its name, type (/Sig or /Tx) and whether it has a value."""

    name: str
    field_type: str
    filled: bool
    rotate: int


def _iter_terminal(fields, prefix=""):
    for i in range(len(fields)):
        ref = fields.raw_get(i)
        field = fields[i]
        name = str(field.get("/T", "")) if "/T" in field else ""
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        if "/Kids" in field and "/FT" not in field:
            yield from _iter_terminal(field["/Kids"], full)
        else:
            yield full, ref, field


def read_fields(reader) -> dict[str, tuple[FieldInfo, object]]:
    """Terminal fields by full name, each with its indirect reference."""
    root = reader.root
    if "/AcroForm" not in root or "/Fields" not in root["/AcroForm"]:
        return {}
    result, rotations = {}, {}
    for name, ref, field in _iter_terminal(root["/AcroForm"]["/Fields"]):
        ftype = str(field["/FT"]) if "/FT" in field else ""
        result[name] = (FieldInfo(name, ftype, _filled(field, ftype), _rotation(field, rotations)), ref)
    return result


def _rotation(field, seen: dict) -> int:
    if "/P" not in field:
        return 0
    # Many fields share a page: its geometry is worked out once per walk.
    raw = field.raw_get("/P")
    key = (raw.idnum, raw.generation) if hasattr(raw, "idnum") else None
    if key is None or key not in seen:
        try:
            rotate = page_geometry(field["/P"]).rotate
        except Exception:  # a broken /P only costs the rotation hint
            rotate = 0
        if key is None:
            return rotate
        seen[key] = rotate
    return seen[key]


def _filled(field, ftype: str) -> bool:
    if "/V" not in field:
        return False
    if ftype == "/Sig":
        # Only whether a value is there: dereferencing it would parse the signature's large
        # /Contents, which made every job cost more with every earlier signature.
        from pyhanko.pdf_utils.generic import NullObject
        return not isinstance(field.raw_get("/V"), NullObject)
    value = field["/V"]
    return value is not None and str(value) != ""


def count_signed_fields(reader, limit: int, max_nodes: int = 100_000) -> int:
    """Signature fields holding a value, counting at most limit + 1 and visiting at most max_nodes fields."""
    from pyhanko.pdf_utils import generic

    form = deref_get(reader.root, "/AcroForm")
    top = deref_get(form, "/Fields") if isinstance(form, generic.DictionaryObject) else None
    if not isinstance(top, generic.ArrayObject):
        return 0
    # An explicit stack with a seen set: a hostile field tree may loop or nest thousands deep.
    stack, seen, count = [(top.raw_get(i), None) for i in range(len(top))], set(), 0
    while stack:
        raw, inherited_type = stack.pop()
        if len(seen) >= max_nodes:
            raise BrokenPdf(f"The form has more than {max_nodes} fields")
        ref = getattr(raw, "reference", None)
        key = (ref.idnum, ref.generation) if ref is not None else id(raw)
        if key in seen:
            continue
        seen.add(key)
        field = raw.get_object() if isinstance(raw, generic.IndirectObject) else raw
        if not isinstance(field, generic.DictionaryObject):
            continue
        ftype = deref_get(field, "/FT", inherited_type)
        kids = deref_get(field, "/Kids")
        if isinstance(kids, generic.ArrayObject):  # child fields, or the field's own widgets
            stack.extend((kids.raw_get(i), ftype) for i in range(len(kids)))
        if ftype == "/Sig" and "/V" in field and not isinstance(field.raw_get("/V"), generic.NullObject):
            count += 1
            if count > limit:
                return count
    return count
