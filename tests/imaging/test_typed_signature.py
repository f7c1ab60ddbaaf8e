import io

import pytest
from PIL import Image

from backend.lib.imaging import fonts
from backend.lib.imaging.errors import FontMissing, TypedNameInvalid
from backend.lib.imaging.handwriting import clean_handwriting
from backend.lib.imaging.typed_signature import comparable, render_typed_signature, tidy


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_a_name_is_drawn_as_transparent_ink_in_the_brush_font():
    png = render_typed_signature("张三丰")
    img = _image(png)
    assert img.mode == "RGBA" and img.getpixel((0, 0))[3] == 0
    assert img.getchannel("A").getextrema() == (0, 255)
    assert 200 < img.width < 400 and 60 < img.height < 140
    assert fonts.handwriting_font_path().endswith("ukai.ttc")


def test_the_same_name_gives_the_same_bytes_and_another_name_others():
    assert render_typed_signature("张三丰") == render_typed_signature(" 张三丰 ")
    assert render_typed_signature("张三丰") != render_typed_signature("李四")


def test_latin_names_are_drawn_and_long_ones_set_smaller_within_the_handwriting_limits():
    img = _image(render_typed_signature("Wolfgang Amadeus Mozart-Chrysostomus VII"))
    assert img.width <= 1800
    assert _image(clean_handwriting(render_typed_signature("Ann Lee"))).width > 50  # the contract's clean-up keeps it


@pytest.mark.parametrize("name", ["", "   ", "名" * 41])
def test_empty_or_long_names_are_refused(name):
    with pytest.raises(TypedNameInvalid):
        render_typed_signature(name)


def test_characters_the_font_cannot_draw_are_named():
    with pytest.raises(TypedNameInvalid) as info:
        render_typed_signature("张三\U0001F600")
    assert info.value.missing == "\U0001F600"


def test_names_compare_without_spaces_case_or_full_width_forms():
    assert comparable(" Ann  LEE ") == comparable("ann lee") == comparable("ＡＮＮ ＬＥＥ")
    assert comparable("张 三") == comparable("张三") != comparable("张四")
    assert tidy("  Ann \t Lee ") == "Ann Lee"


def test_a_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    fonts.handwriting_font_path.cache_clear()
    monkeypatch.setenv(fonts.HANDWRITING_ENV_VAR, str(tmp_path / "nope.ttc"))
    try:
        with pytest.raises(FontMissing) as info:
            fonts.handwriting_font_path()
        assert info.value.code == "handwriting_font_missing" and "nope.ttc" in info.value.message
        monkeypatch.delenv(fonts.HANDWRITING_ENV_VAR)
        monkeypatch.setattr(fonts, "HANDWRITING_PATH", str(tmp_path / "gone.ttc"))
        monkeypatch.setattr(fonts, "_fc_match", lambda family: None)
        with pytest.raises(FontMissing, match="fonts-arphic-ukai"):
            fonts.handwriting_font_path()
    finally:
        fonts.handwriting_font_path.cache_clear()


def test_fc_match_is_trusted_only_for_the_family_asked():
    assert fonts._fc_match("No Such Family Anywhere") is None
