"""Widget appearances: seal/handwriting images and date text, upright on rotated pages.

The appearance is a form XObject drawn in the displayed orientation; its /Matrix
turns it against the page's /Rotate so a person sees it upright.
"""

from dataclasses import dataclass

from backend.lib.imaging.fonts import text_outline
from backend.lib.pdf.images import DocumentImages

_ROTATION_MATRIX = {0: (1, 0, 0, 1), 90: (0, 1, -1, 0), 180: (-1, 0, 0, -1), 270: (0, -1, 1, 0)}


def _n(v: float) -> bytes:
    return (b"%.3f" % v).rstrip(b"0").rstrip(b".") or b"0"


def text_path_ops(text: str, box_w: float, box_h: float) -> bytes:
    """Content-stream operators filling `text` as glyph outlines, centred in the box."""
    size = box_h * 0.7
    contours, advance = text_outline(text, size)
    if advance > box_w * 0.94:
        size *= box_w * 0.94 / advance
        contours, advance = text_outline(text, size)
    x0 = (box_w - advance) / 2
    y0 = (box_h - size * 0.88) / 2 + size * 0.12  # CJK glyphs sit ~12% above the baseline
    ops = [b"q 0 0 0 rg"]
    for contour in contours:
        for seg in contour:
            if seg[0] == "M":
                ops.append(_n(x0 + seg[1]) + b" " + _n(y0 + seg[2]) + b" m")
            elif seg[0] == "L":
                ops.append(_n(x0 + seg[1]) + b" " + _n(y0 + seg[2]) + b" l")
            elif seg[0] == "C":
                pts = seg[1:]
                ops.append(b" ".join(_n(x0 + pts[i]) + b" " + _n(y0 + pts[i + 1]) for i in (0, 2, 4)) + b" c")
            else:
                ops.append(b"h")
    ops.append(b"f Q")  # nonzero winding, as TrueType outlines expect
    return b"\n".join(ops)


@dataclass(frozen=True)
class Mark:
    """What a field shows: a PNG image (seal, handwriting) or a line of text (date)."""

    png: bytes | None = None
    text: str | None = None


def appearance_stream(writer, mark: Mark, rect, rotate: int, images: DocumentImages | None = None):
    """Register the normal appearance form XObject for a widget with `rect` on a page rotated `rotate`.

    An image is taken from `images` when the document already holds it at this size, else embedded there.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    llx, lly, urx, ury = (float(v) for v in rect)
    w, h = abs(urx - llx), abs(ury - lly)
    # the box as the person sees it
    dw, dh = (h, w) if rotate in (90, 270) else (w, h)
    resources = generic.DictionaryObject()
    if mark.png is not None:
        ref, pw, ph = (images or DocumentImages()).xobject(writer, mark.png, dw, dh)
        scale = min(dw / pw, dh / ph)  # keep the aspect ratio, centre in the field
        iw, ih = pw * scale, ph * scale
        ops = b"q %s 0 0 %s %s %s cm /Im0 Do Q" % (_n(iw), _n(ih), _n((dw - iw) / 2), _n((dh - ih) / 2))
        resources[pdf_name("/XObject")] = generic.DictionaryObject({pdf_name("/Im0"): ref})
    elif mark.text:
        ops = text_path_ops(mark.text, dw, dh)
    else:
        ops = b""
    a, b, c, d = _ROTATION_MATRIX[rotate]
    xobj = generic.StreamObject({
        pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
        pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0), generic.FloatObject(0),
                                                generic.FloatObject(dw), generic.FloatObject(dh)]),
        pdf_name("/Matrix"): generic.ArrayObject([generic.NumberObject(v) for v in (a, b, c, d, 0, 0)]),
        pdf_name("/Resources"): resources,
    }, stream_data=ops)
    xobj.compress()
    return writer.add_object(xobj)


class MarkAppearance:
    """Duck-typed pyHanko stamp: pyHanko calls apply_appearance(annot) while signing."""

    def __init__(self, writer, mark: Mark, rotate: int, images: DocumentImages | None = None):
        self.writer, self.mark, self.rotate, self.images = writer, mark, rotate, images

    def apply_appearance(self, annot) -> None:
        """Set the widget's normal appearance to the mark."""
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.generic import pdf_name

        ref = appearance_stream(self.writer, self.mark, annot["/Rect"], self.rotate, self.images)
        annot[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): ref})


def mark_stamp_style(mark: Mark, rotate: int, images: DocumentImages | None = None):
    """A pyHanko stamp style that draws `mark` upright on a page rotated `rotate` degrees (images via `images`)."""
    from pyhanko.stamp import BaseStampStyle

    @dataclass(frozen=True)
    class _MarkStyle(BaseStampStyle):
        def create_stamp(self, writer, box, text_params):
            return MarkAppearance(writer, mark, rotate, images)

    return _MarkStyle(border_width=0)
