"""The poster library on its own: every name (and title) in the PDF's text layer, at both sizes, for two to
eight enterprises, long names shrunk or wrapped rather than cut, a broken logo replaced by a name badge."""
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from backend.lib.imaging.seal import generate_seal_png
from backend.lib.poster import SIZES, Poster, PosterParty, PosterSigner, PosterText, poster_pdf, poster_png

NAMES = ["北京星河科技有限公司", "上海云帆数据股份有限公司", "深圳前海未来能源集团有限公司", "Acme Holdings Ltd",
         "杭州西湖文化旅游发展有限公司", "成都天府软件园有限公司", "广州南沙港务有限公司", "武汉光谷生物科技有限公司"]


@pytest.fixture(scope="module")
def seal():
    return generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract", size_px=300)


def _poster(n, seal, **kw) -> Poster:
    parties = tuple(PosterParty(name, (PosterSigner(f"签署人{i}", "总经理" if i % 2 else ""),), seal=seal)
                    for i, name in enumerate(NAMES[:n]))
    return Poster(title="北京星河科技与上海云帆数据战略合作签约仪式", parties=parties,
                  **{"texts": (PosterText(date="2026年11月25日"),), **kw})


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
    broken = Poster(title="签约仪式", texts=(PosterText(date="2026年1月2日"),),
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


ENGLISH = PosterText(date="November 25, 2026 (Beijing time)", eyebrow="Online strategic signing",
                     headline="Signing complete", date_label="Signed on", signers="Signed by  %(names)s",
                     maker="Signstage online strategic signing · Commemorative poster", kind="Commemorative poster",
                     separator=", ", signer_title="%(name)s (%(title)s)")


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_an_english_poster_says_everything_in_english(seal, size):
    parties = (PosterParty("Hafen Hamburg GmbH", (PosterSigner("Anna Schmidt", "CEO"), PosterSigner("Li Wei")),
                           seal=seal), PosterParty("Acme Holdings Ltd", (PosterSigner("John Doe"),), seal=seal))
    text = PdfReader(io.BytesIO(poster_pdf(Poster("Port Partnership Signing", parties, texts=(ENGLISH,)),
                                           size))).pages[0].extract_text()
    flat = "".join(text.split())
    for words in ("Signingcomplete", "Onlinestrategicsigning", "SignedonNovember25,2026(Beijingtime)",
                  "Signedby", "AnnaSchmidt(CEO),LiWei", "Commemorativeposter"):
        assert words in flat, words
    assert not re.search(r"[\u2e80-\u9fff\uff00-\uffef]", text), text


def test_a_bilingual_poster_shows_both_languages(seal):
    poster = _poster(2, seal, texts=(PosterText(date="2026年11月25日（北京时间）"), ENGLISH))
    flat = _text(poster_pdf(poster, "portrait"))
    for words in ("签约成功", "Signingcomplete", "签约日期2026年11月25日（北京时间）", "SignedonNovember25,2026",
                  "签署人/Signedby", "签署人1（总经理）"):
        assert words in flat, words
    assert poster.fingerprint() != _poster(2, seal).fingerprint()
