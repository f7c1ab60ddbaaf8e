"""Chinese text must render on a machine with no CJK font: poppler is run with a fontconfig that sees none."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from backend.lib.pdf.audit import AuditDocument, AuditEntry, AuditParticipant, AuditTrail, build_audit_pdf
from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
from tests.pdf import pdf_factory

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils needed")

DATE = "2026年11月25日"


@pytest.fixture(scope="module")
def no_cjk_env(tmp_path_factory):
    """Environment for poppler where fontconfig knows only one Latin font."""
    root = tmp_path_factory.mktemp("fc")
    (root / "fonts").mkdir()
    for latin in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        if os.path.exists(latin):
            shutil.copy(latin, root / "fonts")
    conf = root / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{root / 'fonts'}</dir><cachedir>{root / 'cache'}</cachedir></fontconfig>
""")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(["fc-list", ":lang=zh"], env=env, capture_output=True, text=True).stdout
    assert listed.strip() == "", "the test fontconfig must see no CJK font"
    return env


def render(pdf: bytes, tmp_path, name: str, env=None, page: int = 1, dpi: int = 100) -> Image.Image:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-cropbox", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(path), str(tmp_path / name)], check=True, env=env, timeout=60)
    return Image.open(tmp_path / f"{name}.png").convert("RGB")


def ink_columns(img: Image.Image) -> int:
    """Number of runs of inked columns (characters separated by gaps)."""
    grey = img.convert("L").point(lambda v: 255 if v < 128 else 0)
    w, h = grey.size
    cols = [grey.crop((x, 0, x + 1, h)).getbbox() is not None for x in range(w)]
    return sum(1 for i, c in enumerate(cols) if c and (i == 0 or not cols[i - 1]))


def test_negative_control_non_embedded_cjk_font_breaks_without_cjk_fonts(tmp_path, no_cjk_env):
    """Proves the environment really lacks CJK fonts: reportlab's STSong-Light is not embedded."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(300, 80))
    c.setFont("STSong-Light", 30)
    c.drawString(10, 30, "北京星河科技")
    c.save()
    with_fonts = render(buf.getvalue(), tmp_path, "with", None)
    without = render(buf.getvalue(), tmp_path, "without", no_cjk_env)
    assert ImageChops.difference(with_fonts, without).getbbox() is not None


@pytest.fixture(scope="module")
def dated(ca, seal_png):
    controls = [ControlSpec("seal", 1, 0.3, 0.1, 0.4, 0.3, "seal"), ControlSpec("date", 1, 0.2, 0.45, 0.6, 0.06, "date")]
    prepared = prepare_pdf(pdf_factory.blank(1), controls)
    return sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"),
                       [FieldValue("seal", "seal", seal_png), FieldValue("date", "date", text=DATE)], ca)


def test_date_and_seal_render_without_cjk_fonts(dated, tmp_path, no_cjk_env):
    plain = render(dated, tmp_path, "plain", None)
    bare = render(dated, tmp_path, "bare", no_cjk_env)
    bare.save(tmp_path / "look-at-me.png")
    W, H = bare.size
    marks = (0, 0, W, H)
    # identical with and without CJK fonts installed: nothing depends on the machine
    assert ImageChops.difference(plain.crop(marks), bare.crop(marks)).getbbox() is None
    date_area = bare.crop((int(0.2 * W), int(0.45 * H), int(0.8 * W), int(0.51 * H)))
    # 2 0 2 6 年 1 1 月 2 5 日: eleven glyphs side by side
    assert ink_columns(date_area) == len(DATE)
    seal_area = bare.crop((int(0.3 * W), int(0.1 * H), int(0.7 * W), int(0.4 * H)))
    redness = ImageChops.subtract(seal_area.getchannel("R"), seal_area.getchannel("G"))
    red = redness.point(lambda v: 255 if v > 80 else 0).histogram()[255]
    assert red > 0.1 * seal_area.width * seal_area.height


def test_audit_trail_renders_without_cjk_fonts(tmp_path, no_cjk_env):
    now = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.timezone.utc)
    trail = AuditTrail("战略签约仪式", "M-1", "北京星河科技有限公司", now, now, "https://example.test/verify",
                       documents=(AuditDocument("协议.pdf", "a" * 64, "b" * 64, 3),),
                       participants=(AuditParticipant("张三", "signer", "北京星河科技有限公司", "110101199003071234",
                                                      "13812345678"),),
                       events=(AuditEntry(now, "张三", "签署", "203.0.113.7", "H5", "短信验证码"),))
    pdf = build_audit_pdf(trail)
    plain = render(pdf, tmp_path, "aplain", None, dpi=50)
    bare = render(pdf, tmp_path, "abare", no_cjk_env, dpi=50)
    assert ImageChops.difference(plain, bare).getbbox() is None
    # the title 签署审计记录 is drawn: six glyphs in the top-left heading
    W, H = bare.size
    title = bare.crop((int(0.08 * W), int(0.04 * H), int(0.45 * W), int(0.085 * H)))
    assert ink_columns(title) >= 5
