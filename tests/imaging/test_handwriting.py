import io

import pytest
from PIL import Image, ImageDraw

from backend.lib.imaging.errors import ImageBlank, ImageTooLarge, NotAnImage
from backend.lib.imaging.handwriting import check_handwriting, clean_handwriting
from tests.imaging.imaging_helpers import png_bytes


def test_handwriting_is_trimmed_to_ink_and_transparent(signature_canvas):
    out = Image.open(io.BytesIO(clean_handwriting(signature_canvas)))
    assert out.mode == "RGBA"
    assert out.width < 300 and out.height < 120  # the 600x300 canvas shrank to the scribble
    assert out.getpixel((0, 0))[3] == 0
    assert out.getchannel("A").getextrema()[1] == 255


def test_handwriting_on_white_background_becomes_transparent():
    img = Image.new("RGB", (500, 200), "white")
    ImageDraw.Draw(img).line([(100, 100), (400, 120)], fill="black", width=5)
    out = Image.open(io.BytesIO(clean_handwriting(png_bytes(img))))
    assert out.getpixel((0, 0))[3] == 0
    assert out.width > 280


@pytest.mark.parametrize("img", [
    Image.new("RGBA", (600, 300), (0, 0, 0, 0)),
    Image.new("RGB", (600, 300), "white"),
], ids=["transparent", "white"])
def test_blank_canvas_is_refused(img):
    with pytest.raises(ImageBlank) as exc:
        clean_handwriting(png_bytes(img))
    assert exc.value.code == "image_blank"


def test_single_dot_is_blank():
    img = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    img.putpixel((10, 10), (0, 0, 0, 255))
    with pytest.raises(ImageBlank):
        clean_handwriting(png_bytes(img))


def test_oversize_and_fake_handwriting_refused(signature_canvas):
    with pytest.raises(ImageTooLarge):
        clean_handwriting(signature_canvas, max_bytes=100)
    with pytest.raises(NotAnImage):
        clean_handwriting(b"<html></html>")


def test_check_accepts_ink_and_refuses_blank(signature_canvas):
    assert check_handwriting(signature_canvas).mode == "RGBA"
    with pytest.raises(ImageBlank):
        check_handwriting(png_bytes(Image.new("RGB", (600, 300), "white")))


def test_ink_outside_the_middle_band_still_counts():
    img = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(100, 20), (500, 30)], fill=(0, 0, 0, 255), width=6)  # top band only
    assert check_handwriting(png_bytes(img)).size == (600, 300)
    img = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(100, 280), (110, 280)], fill=(255, 255, 255, 255), width=2)  # white on clear
    with pytest.raises(ImageBlank):
        check_handwriting(png_bytes(img))


def test_ink_in_colour_counts():
    red = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    ImageDraw.Draw(red).line([(50, 150), (550, 160)], fill=(200, 30, 30, 255), width=6)
    assert check_handwriting(png_bytes(red)).size == (600, 300)
