import struct
import zlib

import pytest
from PIL import Image

from backend.lib.imaging.checks import load_image
from backend.lib.imaging.errors import ImageTooBig, ImageTooLarge, ImageTruncated, NotAnImage
from tests.imaging.imaging_helpers import png_bytes

LIMITS = dict(max_bytes=2 * 1024 * 1024, max_side=2000)


def photo(fmt="PNG", size=(300, 200)) -> bytes:
    img = Image.new("RGB", size, (255, 255, 255))
    for x in range(0, size[0], 7):
        img.putpixel((x, x % size[1]), (200, 0, 0))
    return png_bytes(img, fmt)


def test_valid_png_and_jpeg_load():
    assert load_image(photo("PNG"), **LIMITS).size == (300, 200)
    assert load_image(photo("JPEG"), **LIMITS).size == (300, 200)


@pytest.mark.parametrize("data", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b"<!DOCTYPE html><html><body>hi</body></html>",
    b"just some text pretending to be a png",
    b"",
    b"GIF89a" + b"\x00" * 50,
], ids=["svg", "html", "text", "empty", "gif"])
def test_things_posing_as_images_are_refused(data):
    with pytest.raises(NotAnImage) as exc:
        load_image(data, **LIMITS)
    assert exc.value.code == "not_an_image"


def test_truncated_png_is_refused():
    data = photo("PNG", (800, 600))
    with pytest.raises(ImageTruncated) as exc:
        load_image(data[: len(data) // 2], **LIMITS)
    assert exc.value.code == "image_truncated"


def test_truncated_jpeg_is_refused():
    data = photo("JPEG", (800, 600))
    with pytest.raises(ImageTruncated):
        load_image(data[: len(data) // 2], **LIMITS)


def test_oversize_bytes_refused_before_decoding():
    with pytest.raises(ImageTooLarge) as exc:
        load_image(photo(), max_bytes=100, max_side=2000)
    assert exc.value.code == "image_too_large"


def test_too_many_pixels_refused():
    with pytest.raises(ImageTooBig) as exc:
        load_image(photo(size=(2100, 10)), **LIMITS)
    assert exc.value.code == "image_too_big"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_decompression_bomb_refused_from_header_alone():
    # 60000 x 60000 grey PNG whose tiny IDAT would inflate to 3.6 GB
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + _chunk(b"IEND", b"")
    with pytest.raises(ImageTooBig):
        load_image(data, max_bytes=10**7, max_side=100_000)


def test_error_carries_chinese_message():
    with pytest.raises(NotAnImage) as exc:
        load_image(b"hello", **LIMITS)
    assert exc.value.as_dict()["message_zh"]
