"""What a signer's values put on the document: dates filled in, images to sign into /Sig fields."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from backend.lib.imaging.fonts import missing_characters
from backend.lib.pdf.appearance import Mark, appearance_stream
from backend.lib.pdf.errors import InvalidFieldValue, UnknownField
from backend.lib.pdf.images import image_key

CHINA_TZ = ZoneInfo("Asia/Shanghai")
_KIND_TYPES = {"seal": "/Sig", "signature": "/Sig", "date": "/Tx"}


@dataclass(frozen=True)
class FieldValue:
    """A value for one field: a PNG for seal/signature fields, text (or nothing: today) for dates."""

    field_name: str
    kind: str  # "seal" | "signature" | "date"
    image_png: bytes | None = None
    text: str | None = None


@dataclass(frozen=True)
class DateMark:
    """A date to fill into a text field."""

    field_name: str
    text: str
    rotate: int


@dataclass(frozen=True)
class ImageMark:
    """An image (seal or handwriting) to sign into a /Sig field."""

    field_name: str
    kind: str
    png: bytes
    rotate: int


def chinese_date(moment: dt.datetime) -> str:
    """A date as written on Chinese contracts, e.g. 2026年11月25日 (China time)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    d = moment.astimezone(CHINA_TZ)
    return f"{d.year}年{d.month}月{d.day}日"  # i18n: data (the date written on a contract page)


def plan_marks(fields: dict, values: Sequence[FieldValue], when: dt.datetime) -> tuple[list, list]:
    """(dates, images) still to apply; fields already filled (a retried job) are skipped, bad values refused."""
    dates, images = [], []
    seen = set()
    for v in values:
        if v.field_name in seen:
            raise InvalidFieldValue(f"Field {v.field_name!r} is given twice")
        seen.add(v.field_name)
        if v.field_name not in fields:
            raise UnknownField(f"The document has no field {v.field_name!r}")
        info, _ = fields[v.field_name]
        if _KIND_TYPES.get(v.kind) != info.field_type:
            raise InvalidFieldValue(f"Field {v.field_name!r} is not a {v.kind} field")
        if info.filled:
            continue  # already applied by an earlier (possibly crashed) run of this job
        if v.kind == "date":
            text = v.text if v.text is not None else chinese_date(when)
            if not text.strip() or len(text) > 40 or missing_characters(text):
                raise InvalidFieldValue(f"The date text {text!r} cannot be shown")
            dates.append(DateMark(v.field_name, text, info.rotate))
        else:
            if not v.image_png:
                raise InvalidFieldValue(f"Field {v.field_name!r} needs an image")
            images.append(ImageMark(v.field_name, v.kind, v.image_png, info.rotate))
    return dates, images


def image_keys(fields: dict, marks: Sequence[ImageMark]) -> list[str]:
    """The image keys (images.image_key) the marks will show, at the size of their fields."""
    keys = []
    for mark in marks:
        llx, lly, urx, ury = (float(v) for v in fields[mark.field_name][1].get_object()["/Rect"])
        w, h = abs(urx - llx), abs(ury - lly)
        keys.append(image_key(mark.png, *((h, w) if mark.rotate in (90, 270) else (w, h)))[0])
    return keys


def fill_dates(writer, fields: dict, dates: Sequence[DateMark]) -> None:
    """Set each date field's value and its appearance in `writer`'s next revision."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    for mark in dates:
        field = fields[mark.field_name][1].get_object()
        field[pdf_name("/V")] = generic.TextStringObject(mark.text)
        ap = appearance_stream(writer, Mark(text=mark.text), field["/Rect"], mark.rotate)
        field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): ap})
        writer.update_container(field)
