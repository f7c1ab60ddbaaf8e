"""Images in signature appearances: each distinct picture embedded once per document, found again by its key.

An image XObject we embed carries a private marker, /SignstageImage, whose value is the image's key: the
SHA-256 of the source PNG and the pixel size it was resampled to. A later signature showing the same
picture at the same size refers to that object instead of embedding it again; a seal used by a hundred
signers is stored once.
"""

import hashlib
import io
import zlib
from collections.abc import Collection, Iterable

from PIL import Image

from backend.lib.pdf.errors import InvalidFieldValue

# Images are resampled to at most this many pixels per point of field size: sharp in
# print (~300 dpi at 72 pt/in) without embedding a 2000 px canvas per seal.
MAX_PX_PER_PT = 4.2
MARKER = "/SignstageImage"


def fitted_size(width: int, height: int, max_w: int, max_h: int) -> tuple[int, int]:
    """The pixel size of a width x height image shrunk (never enlarged) to fit max_w x max_h, aspect kept."""
    max_w, max_h = max(1, max_w), max(1, max_h)
    if width <= max_w and height <= max_h:
        return width, height
    scale = min(max_w / width, max_h / height)
    return max(1, min(max_w, round(width * scale))), max(1, min(max_h, round(height * scale)))


def _open(png: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(png))  # reads the header only
    except Exception as exc:
        raise InvalidFieldValue("The image is not a readable PNG") from exc


def image_key(png: bytes, box_w: float, box_h: float) -> tuple[str, int, int]:
    """(key, pixel width, pixel height) of `png` shown in a box of box_w x box_h points."""
    img = _open(png)
    w, h = fitted_size(img.width, img.height, int(box_w * MAX_PX_PER_PT) + 1, int(box_h * MAX_PX_PER_PT) + 1)
    return f"{hashlib.sha256(png).hexdigest()}:{w}x{h}", w, h


def _image_streams(png: bytes, w: int, h: int) -> tuple[bytes, bytes]:
    img = _open(png)
    try:
        img.load()
    except Exception as exc:
        raise InvalidFieldValue("The image is not a readable PNG") from exc
    img = img.convert("RGBA")
    if img.size != (w, h):
        img = img.resize((w, h), Image.LANCZOS)
    rgb = img.convert("RGB").tobytes()
    alpha = img.getchannel("A").tobytes()
    return zlib.compress(rgb, 6), zlib.compress(alpha, 6)


def _marker_key(obj) -> str | None:
    """The key an image XObject of ours carries, or None."""
    from pyhanko.pdf_utils import generic

    if not isinstance(obj, generic.StreamObject) or obj.get("/Subtype") != "/Image":
        return None
    marker = obj.get(MARKER)
    if not isinstance(marker, (generic.TextStringObject, generic.ByteStringObject)):
        return None
    return marker.original_bytes.decode("ascii", "replace")


class DocumentImages:
    """The marked images of one document that a signing may reuse, by key; grows as signatures add images."""

    def __init__(self):
        self._refs: dict[str, tuple[int, int]] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._refs

    def snapshot(self) -> dict:
        """What is known now, to go back to when the revision being written is thrown away."""
        return dict(self._refs)

    def restore(self, snapshot: dict) -> None:
        """Forget the images added since `snapshot` (their revision was never written)."""
        self._refs = dict(snapshot)

    def collect(self, fields: dict, sources: Collection[str], wanted: Iterable[str]) -> None:
        """Find the wanted keys in the appearances of the filled /Sig fields named in `sources`.

        Only fields the caller vouches for are looked at: a marker in an uploaded original could
        claim any key. The walk stops as soon as every wanted key is found.
        """
        missing = set(wanted) - set(self._refs)
        for name in sources:
            if not missing:
                return
            entry = fields.get(name)
            if entry is None or entry[0].field_type != "/Sig" or not entry[0].filled:
                continue
            try:
                self._collect_field(entry[1].get_object(), missing)
            except Exception:  # an unreadable appearance only costs the reuse
                continue

    def _collect_field(self, field, missing: set) -> None:
        from pyhanko.pdf_utils import generic

        normal = field["/AP"]["/N"]
        if not isinstance(normal, generic.StreamObject):
            return
        xobjects = normal["/Resources"]["/XObject"]
        for name in list(xobjects):
            raw = xobjects.raw_get(name)
            if not isinstance(raw, generic.IndirectObject):
                continue
            key = _marker_key(raw.get_object())
            if key in missing:
                self._refs[key] = (raw.idnum, raw.generation)
                missing.discard(key)

    def xobject(self, writer, png: bytes, box_w: float, box_h: float):
        """An image XObject showing `png` in a box_w x box_h box: the one already embedded, or a new one.

        Returns (reference usable in `writer`, pixel width, pixel height).
        """
        from pyhanko.pdf_utils import generic

        key, w, h = image_key(png, box_w, box_h)
        if key in self._refs:
            idnum, generation = self._refs[key]
            return generic.IndirectObject(idnum, generation, writer), w, h
        ref = _embed(writer, png, key, w, h)
        self._refs[key] = (ref.idnum, ref.generation)
        return ref, w, h


def _embed(writer, png: bytes, key: str, w: int, h: int):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    rgb, alpha = _image_streams(png, w, h)

    def stream(data, colorspace):
        return generic.StreamObject({
            pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Image"),
            pdf_name("/Width"): generic.NumberObject(w), pdf_name("/Height"): generic.NumberObject(h),
            pdf_name("/ColorSpace"): pdf_name(colorspace),
            pdf_name("/BitsPerComponent"): generic.NumberObject(8),
            pdf_name("/Filter"): pdf_name("/FlateDecode"),
        }, encoded_data=data)

    smask = writer.add_object(stream(alpha, "/DeviceGray"))
    img = stream(rgb, "/DeviceRGB")
    img[pdf_name("/SMask")] = smask
    img[pdf_name(MARKER)] = generic.ByteStringObject(key.encode("ascii"))
    return writer.add_object(img)
