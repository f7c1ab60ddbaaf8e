"""The poster library on its own: every name (and title) in the PDF's text layer, at both sizes, for two to
eight enterprises, long names shrunk or wrapped rather than cut, a broken logo replaced by a name badge."""
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from backend.lib.imaging.seal import generate_seal_png
from backend.lib.poster import SIZES, Poster, PosterParty, PosterSigner, poster_pdf, poster_png

NAMES = ["北京星河科技有限公司", "上海云帆数据股份有限公司", "深圳前海未来能源集团有限公司", "Acme Holdings Ltd",
         "杭州西湖文化旅游发展有限公司", "成都天府软件园有限公司", "广州南沙港务有限公司", "武汉光谷生物科技有限公司"]


@pytest.fixture(scope="module")
def seal():
    return generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract", size_px=300)


def _poster(n, seal, **kw) -> Poster:
    parties = tuple(PosterParty(name, (PosterSigner(f"签署人{i}", "总经理" if i % 2 else ""),), seal=seal)
                    for i, name in enumerate(NAMES[:n]))
    return Poster(title="北京星河科技与上海云帆数据战略合作签约仪式", date_text="2026年11月25日", parties=parties, **kw)


def _text(pdf: bytes) -> str:
    return "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


@pytest.mark.parametrize("size", ["landscape", "portrait"])
@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_every_name_and_title_is_in_the_text_layer_uncut(seal, size, n):
    text = _text(poster_pdf(_poster(n, seal), size))
    for i, name in enumerate(NAMES[:n]):
        assert "".join(name.split()) in text
        assert (f"签署人{i}（总经理）" if i % 2 else f"签署人{i}") in text
    assert "…" not in text
    assert "北京星河科技与上海云帆数据战略合作签约仪式" in text and "2026年11月25日" in text


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_the_png_has_the_size_asked_for(seal, size):
    image = Image.open(io.BytesIO(poster_png(_poster(2, seal), size)))
    assert image.format == "PNG" and image.size == SIZES[size]


def test_a_logo_that_is_no_image_becomes_a_name_badge(seal):
    broken = Poster(title="签约仪式", date_text="2026年1月2日",
                    parties=(PosterParty("北京星河科技有限公司", logo=b"not an image", seal=seal),
                             PosterParty("上海云帆数据股份有限公司", seal=seal)))
    text = _text(poster_pdf(broken))
    # Each badge: the name without what every company name ends with, beside the full name.
    assert "北京星河" in text.replace("北京星河科技有限公司", "") and "上海云帆" in text.replace("上海云帆数据股份有限公司", "")


def test_the_fingerprint_follows_what_the_poster_shows(seal):
    a, b = _poster(2, seal), _poster(2, seal)
    assert a.fingerprint() == b.fingerprint()
    assert _poster(3, seal).fingerprint() != a.fingerprint()
    assert _poster(2, None).fingerprint() != a.fingerprint()
