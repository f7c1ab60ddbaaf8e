import io
import math

import pytest
from PIL import Image

from backend.lib.imaging.errors import ImageBlank, NotAnImage, SealTextInvalid
from backend.lib.imaging.seal import generate_seal_png, normalize_uploaded_seal
from tests.imaging.imaging_helpers import png_bytes


def is_red(px) -> bool:
    r, g, b, a = px
    return a > 128 and r > 150 and g < 90 and b < 90


@pytest.fixture(scope="module")
def seal():
    return Image.open(io.BytesIO(generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract")))


def test_seal_is_transparent_square_png(seal):
    assert seal.format == "PNG" and seal.mode == "RGBA" and seal.size == (600, 600)
    # corners and the gap between star and ring are transparent
    for xy in [(0, 0), (599, 0), (0, 599), (599, 599), (300, 190)]:
        assert seal.getpixel(xy)[3] == 0, xy


def test_seal_has_a_closed_red_ring(seal):
    c, r_ring = 300, 300 * 0.97 - 300 * 0.97 * 0.03  # middle of the ring band
    misses = 0
    for deg in range(0, 360, 3):
        t = math.radians(deg)
        if not is_red(seal.getpixel((round(c + r_ring * math.cos(t)), round(c + r_ring * math.sin(t))))):
            misses += 1
    assert misses == 0


def test_seal_centre_is_inked_star(seal):
    assert is_red(seal.getpixel((300, 300)))
    # the star's top point is inked, the points between arms are not
    r_star = 300 * 0.97 * 0.30
    assert is_red(seal.getpixel((300, round(300 - r_star * 0.9))))
    assert seal.getpixel((round(300 + r_star * 0.8), round(300 - r_star * 0.62)))[3] < 128


def test_name_is_on_the_upper_arc_and_seal_name_at_the_bottom(seal):
    alpha = seal.getchannel("A").point(lambda v: 255 if v > 128 else 0)
    # the band where the name runs: upper half inked, band near the bottom centre not
    upper_band = alpha.crop((150, 40, 450, 110))
    assert upper_band.histogram()[255] > 2000
    bottom_arc = alpha.crop((250, 490, 350, 540))  # under the seal name, above the ring
    assert bottom_arc.histogram()[255] < 50
    seal_name_row = alpha.crop((200, 440, 400, 490))
    assert seal_name_row.histogram()[255] > 800


def test_official_seal_has_no_bottom_text():
    img = Image.open(io.BytesIO(generate_seal_png("北京星河科技有限公司")))
    alpha = img.getchannel("A").point(lambda v: 255 if v > 128 else 0)
    assert alpha.crop((200, 440, 400, 490)).histogram()[255] < 20


@pytest.mark.parametrize("name", ["", "   ", "公" * 41, "北京\U0001F600公司"])
def test_bad_enterprise_names_are_refused(name):
    with pytest.raises(SealTextInvalid) as exc:
        generate_seal_png(name)
    assert exc.value.code == "seal_text_invalid"


def test_unknown_kind_refused():
    with pytest.raises(SealTextInvalid):
        generate_seal_png("星河公司", kind="royal")


def test_uploaded_seal_on_white_becomes_transparent():
    img = Image.new("RGB", (400, 400), (255, 255, 255))
    seal = Image.open(io.BytesIO(generate_seal_png("星河公司", size_px=300))).convert("RGBA")
    img.paste(seal, (50, 50), seal)
    out = Image.open(io.BytesIO(normalize_uploaded_seal(png_bytes(img, "JPEG"))))
    assert out.format == "PNG" and out.mode == "RGBA"
    assert out.getpixel((0, 0))[3] == 0  # white corner gone
    cx, cy = out.width // 2, out.height // 2
    assert is_red(out.getpixel((cx, cy)))  # the star stays
    assert abs(out.width - 300) < 30  # trimmed to the seal


def test_uploaded_blank_or_fake_seal_refused():
    with pytest.raises(ImageBlank):
        normalize_uploaded_seal(png_bytes(Image.new("RGB", (200, 200), "white")))
    with pytest.raises(NotAnImage):
        normalize_uploaded_seal(b"<svg></svg>")
