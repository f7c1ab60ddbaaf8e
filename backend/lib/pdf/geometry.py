"""Page boxes: what a person sees (CropBox after /Rotate) and how it maps to PDF space."""

from dataclasses import dataclass

from backend.lib.pdf.errors import BrokenPdf

_INHERITABLE = ("/MediaBox", "/CropBox", "/Rotate")
MAX_TREE_DEPTH = 64  # deeper page trees are hostile, not documents


@dataclass(frozen=True)
class PageSize:
    """Displayed size of a page in points (after CropBox and /Rotate)."""

    width: float
    height: float


@dataclass(frozen=True)
class PageGeometry:
    """Visible box in user space (llx, lly, urx, ury) and the clockwise /Rotate in degrees."""

    box: tuple[float, float, float, float]
    rotate: int

    @property
    def displayed(self) -> PageSize:
        """Size as shown to a person."""
        llx, lly, urx, ury = self.box
        w, h = urx - llx, ury - lly
        return PageSize(h, w) if self.rotate in (90, 270) else PageSize(w, h)


def _rect(value) -> tuple[float, float, float, float]:
    try:
        x1, y1, x2, y2 = (float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise BrokenPdf("A page box is not a rectangle") from exc
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def geometry_from_attrs(attrs: dict) -> PageGeometry:
    """Geometry from resolved (possibly inherited) /MediaBox, /CropBox and /Rotate."""
    media = _rect(attrs.get("/MediaBox", (0, 0, 612, 792)))
    crop = _rect(attrs["/CropBox"]) if "/CropBox" in attrs else media
    # Viewers clip the CropBox to the MediaBox.
    box = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
        box = media
    if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
        raise BrokenPdf("A page has an empty MediaBox")
    try:
        rotate = int(attrs.get("/Rotate", 0)) % 360
    except (TypeError, ValueError):
        rotate = 0
    if rotate % 90:
        rotate = 0  # invalid per spec; viewers ignore it
    return PageGeometry(box, rotate)


def page_geometry(page) -> PageGeometry:
    """Geometry of one page dictionary, following /Parent for inherited attributes."""
    attrs: dict = {}
    node, depth = page, 0
    while node is not None and depth < MAX_TREE_DEPTH:
        for key in _INHERITABLE:
            if key not in attrs and key in node:
                attrs[key] = node[key]
        node = node["/Parent"] if "/Parent" in node else None
        depth += 1
    return geometry_from_attrs(attrs)
