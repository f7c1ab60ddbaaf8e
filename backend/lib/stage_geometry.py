"""The big screen's stage geometry, read from the one module the editor and the screen draw from.

h5/common/stage-geometry.js holds the numbers (card footprints, logo size, the reserved zones) as JSON
between two markers; this module reads them, so the server checks a layout against the same boxes
the browser draws, and arranges seats the same way the editor's 自动排座 does.
"""
import json
import math
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "h5" / "common" / "stage-geometry.js"
EPS = 1e-6


@cache
def geometry() -> dict:
    """The JSON between `// geometry:begin` and `// geometry:end` in the shared module."""
    text = SOURCE.read_text(encoding="utf-8")
    body = text.split("// geometry:begin", 1)[1].split("// geometry:end", 1)[0]
    body = body.strip().removeprefix("export const GEOMETRY =").strip().removesuffix(";")
    return json.loads(body)


def fraction(size: dict) -> tuple[float, float]:
    """A size in cqw as fractions (w, h) of the stage."""
    return size["w"] / 100, size["h"] / 100 * geometry()["ratio"]


def card_size(role: str) -> tuple[float, float]:
    """The footprint of a seat's card: a signer's, or a guest's (hosts and observers)."""
    return fraction(geometry()["cards"]["signer" if role == "signer" else "guest"])


def logo_size() -> tuple[float, float]:
    return fraction(geometry()["logo"])


def fits(x: float, y: float, size: tuple[float, float]) -> bool:
    """Whether a box of `size` centred at (x, y) stays inside the stage's edge."""
    edge = geometry()["edge"] / 100
    mx, my = edge + size[0] / 2, edge * geometry()["ratio"] + size[1] / 2
    return mx - EPS <= x <= 1 - mx + EPS and my - EPS <= y <= 1 - my + EPS


def allowed_range(size: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The centres that keep a box of `size` inside: ((x_min, x_max), (y_min, y_max)), rounded inwards."""
    edge = geometry()["edge"] / 100
    mx, my = edge + size[0] / 2, edge * geometry()["ratio"] + size[1] / 2
    up, down = (lambda v: math.ceil(v * 1000) / 1000), (lambda v: math.floor(v * 1000) / 1000)
    return (up(mx), down(1 - mx)), (up(my), down(1 - my))


def box(x: float, y: float, size: tuple[float, float]) -> tuple[float, float, float, float]:
    """(left, top, w, h) of a box of `size` centred at (x, y)."""
    return x - size[0] / 2, y - size[1] / 2, size[0], size[1]


def intersects(a, b) -> bool:
    return a[0] < b[0] + b[2] - EPS and b[0] < a[0] + a[2] - EPS and a[1] < b[1] + b[3] - EPS and b[1] < a[1] + a[3] - EPS


def reserved_zones(banner: str = "bottom") -> dict[str, tuple]:
    """The title, the counter, the contract preview and the banner's dock: nothing placed may cover them."""
    g = geometry()
    zones = {k: (z["x"], z["y"], z["w"], z["h"]) for k, z in g["zones"].items()}
    b = g["banners"].get(banner, g["banners"]["bottom"])
    return zones | {"banner": (b["x"], b["y"], b["w"], b["h"])}


def overlaps(items: dict[str, tuple], banner: str = "bottom") -> list[tuple[str, str]]:
    """Every pair of placed boxes (id → box) that overlap each other or a reserved zone."""
    found = []
    names = list(items)
    for i, a in enumerate(names):
        found += [(a, b) for b in names[i + 1:] if intersects(items[a], items[b])]
        found += [(a, f"zone:{z}") for z, zbox in reserved_zones(banner).items() if intersects(items[a], zbox)]
    return found


def arrange(people: list[tuple[str, str]], enterprises: list[str]) -> tuple[list[dict], list[dict]]:
    """Seats and logo places as the editor's 自动排座 makes them (arrange() in the shared module).

    `people`: (participant id, role) in their order; `enterprises`: the signers' enterprise names.
    """
    signers = [pid for pid, role in people if role == "signer"]
    guests = [pid for pid, role in people if role == "host"] + [pid for pid, role in people if role == "observer"]
    seats: list[dict] = []

    def side(ids, right):
        cols = 2 if len(ids) > 1 else 1
        rows = math.ceil(len(ids) / cols)
        left = [0.25] if cols == 1 else [0.197, 0.333]
        xs = [1 - x for x in reversed(left)] if right else left  # read left to right on both sides
        ys = [0.56] if rows == 1 else [0.435, 0.765]
        for i, pid in enumerate(ids):
            seats.append({"participant_id": pid, "x": round(xs[i % cols], 4), "y": ys[i // cols]})

    left = math.ceil(len(signers) / 2)
    side(signers[:left], False)
    side(signers[left:], True)
    for i, pid in enumerate(guests):
        seats.append({"participant_id": pid, "x": round(1 - 0.064 if i % 2 else 0.064, 4),
                      "y": round(0.33 + 0.115 * (i // 2), 4)})
    logos: list[dict] = []

    def logo_side(names, right):
        cols = 2 if len(names) > 2 else 1
        left = [0.115] if cols == 1 else [0.062, 0.166]
        xs = [1 - x for x in reversed(left)] if right else left
        ys = [0.12] if len(names) == 1 else [0.075, 0.165]
        for i, name in enumerate(names):
            logos.append({"enterprise_name": name, "x": round(xs[i % cols], 4), "y": ys[i if cols == 1 else i // cols]})

    half = math.ceil(len(enterprises) / 2)
    logo_side(enterprises[:half], False)
    logo_side(enterprises[half:], True)
    return seats, logos
