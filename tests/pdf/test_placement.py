import io
import shutil
import subprocess

import pytest
from PIL import Image

from backend.lib.imaging.seal import generate_seal_png
from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.inspect import inspect_pdf
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.render import render_page
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
from tests.pdf import pdf_factory

TOLERANCE = 0.02
# Deliberately off-centre and non-square, so a mirrored or unrotated placement misses.
RECT = dict(x=0.12, y=0.08, w=0.30, h=0.20)
PAGES = {1: "portrait A4", 2: "landscape A4", 3: "/Rotate 90", 4: "/Rotate 270", 5: "CropBox offset",
         6: "Letter (mixed sizes)", 7: "/Rotate 180"}


@pytest.fixture(scope="module")
def placed(ca):
    original = pdf_factory.mixed_pages()
    controls = [ControlSpec(f"seal_p{p}", p, kind="seal", **RECT) for p in PAGES]
    seal = generate_seal_png("北京星河科技有限公司", size_px=400)  # official: text on top only
    signed = sign_fields(prepare_pdf(original, controls), SignerIdentity("张三", "北京星河科技有限公司"),
                         [FieldValue(c.name, "seal", seal) for c in controls], ca)
    return signed


def _red(img: Image.Image) -> Image.Image:
    rgb = img.convert("RGB")
    px = rgb.load()
    mask = Image.new("L", rgb.size, 0)
    mp = mask.load()
    for y in range(rgb.height):
        for x in range(rgb.width):
            r, g, b = px[x, y]
            if r > 150 and g < 110 and b < 110:
                mp[x, y] = 255
    return mask


def check_placement(img: Image.Image, label: str):
    mask = _red(img)
    bbox = mask.getbbox()
    assert bbox, f"{label}: no seal drawn"
    W, H = img.size
    x0, y0, x1, y1 = bbox
    ex0, ey0 = RECT["x"] * W, RECT["y"] * H
    ex1, ey1 = (RECT["x"] + RECT["w"]) * W, (RECT["y"] + RECT["h"]) * H
    tol_x, tol_y = TOLERANCE * W, TOLERANCE * H
    # every red pixel lies inside the control (bbox of all red = inside)
    assert x0 >= ex0 - tol_x and x1 <= ex1 + tol_x and y0 >= ey0 - tol_y and y1 <= ey1 + tol_y, \
        f"{label}: red {bbox} outside control {(ex0, ey0, ex1, ey1)}"
    # the seal fills the control's smaller side and is centred in it
    fit = min(ex1 - ex0, ey1 - ey0)
    assert abs(min(x1 - x0, y1 - y0) - fit) <= max(tol_x, tol_y) + 2, f"{label}: seal not fitted"
    assert abs((x0 + x1) / 2 - (ex0 + ex1) / 2) <= tol_x + 1 and abs((y0 + y1) / 2 - (ey0 + ey1) / 2) <= tol_y + 1
    # upright: the enterprise name is on the upper arc, so the top half holds more ink
    top = mask.crop((x0, y0, x1, (y0 + y1) // 2)).histogram()[255]
    bottom = mask.crop((x0, (y0 + y1) // 2, x1, y1)).histogram()[255]
    assert top > bottom * 1.2, f"{label}: seal is not upright ({top} vs {bottom})"


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils needed")
def test_seals_land_in_their_controls_in_pdftoppm(placed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(placed)
    subprocess.run(["pdftoppm", "-cropbox", "-r", "36", "-png", str(path), str(tmp_path / "pg")], check=True, timeout=60)
    info = inspect_pdf(placed)
    for page, label in PAGES.items():
        img = Image.open(tmp_path / f"pg-{page}.png")
        shown = info.pages[page - 1]
        assert abs(img.width / img.height - shown.width / shown.height) < 0.02, label
        check_placement(img, f"pdftoppm page {page} ({label})")


def test_seals_land_in_their_controls_in_our_renderer(placed):
    for page, label in PAGES.items():
        img = Image.open(io.BytesIO(render_page(placed, page, width=300)))
        check_placement(img, f"render_page page {page} ({label})")
