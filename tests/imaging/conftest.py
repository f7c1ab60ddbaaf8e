import pytest
from PIL import Image, ImageDraw

from tests.imaging.imaging_helpers import png_bytes


@pytest.fixture
def signature_canvas() -> bytes:
    """A 600x300 transparent canvas with a black scribble in the middle, as the H5 page sends."""
    img = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.line([(200, 150), (260, 110), (320, 170), (380, 120), (420, 160)], fill=(0, 0, 0, 255), width=6)
    return png_bytes(img)
