"""getwxacodeunlimit: PNG out, scene rules enforced before any HTTP, errors mapped."""

import io
import json

import pytest
from PIL import Image

from backend.lib.wechat import InvalidArgument, RateLimited, WeChatUnavailable, is_valid_scene


def test_scene_code_is_a_png_of_page_and_scene(fake, gateway):
    png = gateway.scene_code_png("Ab3_x-9", width=300)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == (300, 300)
    assert image.text["scene"] == "Ab3_x-9"
    assert image.text["page"] == "pages/sign/index"
    assert image.text["env_version"] == "release"
    # Dark modules and light background: a real QR picture, not a blank canvas.
    assert image.convert("L").getextrema() == (0, 255)


def test_request_carries_env_version_and_check_path(fake, gateway):
    gateway.scene_code_png("scene1", env_version="trial", check_path=False)
    sent = json.loads(fake.requests[-1].body)
    assert sent == {"scene": "scene1", "page": "pages/sign/index", "width": 430,
                    "env_version": "trial", "check_path": False}
    assert fake.requests[-1].query["access_token"]


def test_check_path_on_unknown_page_is_invalid_argument(fake, gateway):
    with pytest.raises(InvalidArgument) as info:
        gateway.scene_code_png("scene1", page="pages/nope/index", check_path=True)
    assert info.value.errcode == 41030
    assert gateway.scene_code_png("scene1", page="pages/sign/index", check_path=True)


@pytest.mark.parametrize("scene", ["", "x" * 33, "has space", "中文", "a%b", "a\nb", None, 12])
def test_invalid_scene_refused_before_http(fake, gateway, scene):
    with pytest.raises(InvalidArgument) as info:
        gateway.scene_code_png(scene)
    assert info.value.code == "wechat_invalid_argument"
    assert fake.requests == []


@pytest.mark.parametrize("kwargs", [{"page": "/pages/sign/index"}, {"page": "pages/sign?x=1"},
                                    {"width": 100}, {"width": 5000}, {"width": "430"},
                                    {"env_version": "prod"}])
def test_invalid_arguments_refused_before_http(fake, gateway, kwargs):
    with pytest.raises(InvalidArgument):
        gateway.scene_code_png("scene1", **kwargs)
    assert fake.requests == []


def test_scene_alphabet_boundaries():
    assert is_valid_scene("x" * 32)
    assert is_valid_scene("0-9A-Za-z!#$&'()*+,/:;=?@-._~"[:32])
    assert not is_valid_scene("x" * 33)


def test_error_body_is_mapped(fake, gateway):
    fake.fail_next("/wxa/getwxacodeunlimit", 45011)
    with pytest.raises(RateLimited):
        gateway.scene_code_png("scene1")


def test_jpeg_answer_is_converted_to_png(fake, gateway):
    jpeg = io.BytesIO()
    Image.new("RGB", (280, 280), "white").save(jpeg, format="JPEG")
    fake.fail_next_http("/wxa/getwxacodeunlimit", 200, jpeg.getvalue())
    png = gateway.scene_code_png("scene1")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).size == (280, 280)


def test_non_image_answer_is_unavailable(fake, gateway):
    fake.fail_next_http("/wxa/getwxacodeunlimit", 200, b"\x00\x01 definitely not an image")
    with pytest.raises(WeChatUnavailable):
        gateway.scene_code_png("scene1")


def test_json_without_error_is_unavailable(fake, gateway):
    fake.fail_next_http("/wxa/getwxacodeunlimit", 200, b'{"errcode": 0, "errmsg": "ok"}')
    with pytest.raises(WeChatUnavailable, match="image"):
        gateway.scene_code_png("scene1")
