"""Controls placed by organizers, and their mapping from the displayed page to PDF user space."""

import re
from dataclasses import dataclass

from backend.lib.errors import N_
from backend.lib.pdf.errors import InvalidControl
from backend.lib.pdf.geometry import PageGeometry

KINDS = ("seal", "signature", "date")
SIGNATURE_KINDS = ("seal", "signature")
# Field names end up in PDF names and in verifiers' reports: keep them plain.
_NAME_RE = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")
_MIN_FRACTION = 0.005


@dataclass(frozen=True)
class ControlSpec:
    """A control on a page: x, y, w, h are fractions of the displayed page, origin top left."""

    name: str
    page: int  # 1-based
    x: float
    y: float
    w: float
    h: float
    kind: str  # "seal" | "signature" | "date"


def validate_controls(controls, page_count: int) -> None:
    """Raise InvalidControl unless every control is well formed, uniquely named and on a page."""
    seen: set[str] = set()
    for c in controls:
        if not isinstance(c.name, str) or not _NAME_RE.match(c.name):
            raise InvalidControl(f"Control name {c.name!r} must be 1-64 letters, digits, _ or -")
        if c.name in seen:
            raise InvalidControl(f"Control name {c.name!r} is used twice", message_zh=N_("控件名称重复"))
        seen.add(c.name)
        if c.kind not in KINDS:
            raise InvalidControl(f"Control {c.name!r} has unknown kind {c.kind!r}")
        if not isinstance(c.page, int) or not 1 <= c.page <= page_count:
            raise InvalidControl(f"Control {c.name!r} is on page {c.page}; the document has {page_count}",
                                 message_zh=N_("控件所在页码超出范围"))
        eps = 1e-6
        values = (c.x, c.y, c.w, c.h)
        if not all(isinstance(v, (int, float)) for v in values):
            raise InvalidControl(f"Control {c.name!r} has a non-numeric rectangle")
        if (c.w < _MIN_FRACTION or c.h < _MIN_FRACTION or c.x < -eps or c.y < -eps
                or c.x + c.w > 1 + eps or c.y + c.h > 1 + eps):
            raise InvalidControl(f"Control {c.name!r} does not lie within its page",
                                 message_zh=N_("控件超出页面范围"))


def user_rect(geom: PageGeometry, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """PDF user-space rectangle (llx, lly, urx, ury) for a displayed-page fraction rectangle."""
    llx, lly, urx, ury = geom.box
    bw, bh = urx - llx, ury - lly
    r = geom.rotate
    # Viewers turn the page clockwise by /Rotate; invert that for each case.
    if r == 0:
        return (llx + x * bw, ury - (y + h) * bh, llx + (x + w) * bw, ury - y * bh)
    if r == 90:
        return (llx + y * bw, lly + x * bh, llx + (y + h) * bw, lly + (x + w) * bh)
    if r == 180:
        return (urx - (x + w) * bw, lly + y * bh, urx - x * bw, lly + (y + h) * bh)
    return (urx - (y + h) * bw, ury - (x + w) * bh, urx - y * bw, ury - x * bh)


def control_rect(geom: PageGeometry, control: ControlSpec) -> tuple[float, float, float, float]:
    """PDF user-space rectangle of a control on its page."""
    return user_rect(geom, control.x, control.y, control.w, control.h)
