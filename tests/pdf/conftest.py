import datetime as dt
import os
import subprocess

import pytest

from backend.lib.imaging.seal import generate_seal_png
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
from tests.pdf import pdf_factory

SIGN_TIME = dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.timezone.utc)  # 10:30 in Beijing


@pytest.fixture(scope="session")
def ca(tmp_path_factory):
    return PlatformCA.load_or_create(str(tmp_path_factory.mktemp("ca")))


@pytest.fixture(scope="session")
def seal_png():
    return generate_seal_png("北京星河科技有限公司", "合同专用章", kind="contract", size_px=400)


@pytest.fixture(scope="session")
def ink_png():
    """A black handwriting-like PNG."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(10, 60), (80, 20), (150, 100), (290, 30)], fill=(0, 0, 0, 255), width=8)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


THREE_SIGNER_CONTROLS = [
    ControlSpec("a_seal", 1, 0.10, 0.60, 0.25, 0.18, "seal"),
    ControlSpec("a_sign", 1, 0.10, 0.80, 0.20, 0.06, "signature"),
    ControlSpec("a_date", 1, 0.10, 0.88, 0.30, 0.04, "date"),
    ControlSpec("b_seal_p1", 1, 0.60, 0.60, 0.25, 0.18, "seal"),
    ControlSpec("b_seal_p3", 3, 0.60, 0.60, 0.25, 0.18, "seal"),
    ControlSpec("c_seal", 2, 0.40, 0.40, 0.25, 0.18, "seal"),
    ControlSpec("c_date", 2, 0.40, 0.62, 0.30, 0.04, "date"),
]


@pytest.fixture(scope="session")
def original():
    return pdf_factory.contract(3)


@pytest.fixture(scope="session")
def prepared(original):
    return prepare_pdf(original, THREE_SIGNER_CONTROLS)


@pytest.fixture(scope="session")
def signed_revisions(prepared, ca, seal_png, ink_png):
    """The prepared contract after each of three signers signs in turn."""
    a = sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"),
                    [FieldValue("a_seal", "seal", seal_png), FieldValue("a_sign", "signature", ink_png),
                     FieldValue("a_date", "date")], ca, signing_time=SIGN_TIME)
    b = sign_fields(a, SignerIdentity("李四", "上海月亮贸易有限公司"),
                    [FieldValue("b_seal_p1", "seal", seal_png), FieldValue("b_seal_p3", "seal", seal_png)], ca,
                    signing_time=SIGN_TIME)
    c = sign_fields(b, SignerIdentity("王五", "广州太阳能源有限公司"),
                    [FieldValue("c_seal", "seal", seal_png), FieldValue("c_date", "date", text="2026年11月25日")],
                    ca, signing_time=SIGN_TIME)
    return a, b, c


@pytest.fixture(scope="session")
def signed(signed_revisions):
    return signed_revisions[-1]


def run_tool(*args, input_bytes: bytes | None = None, tmp_path=None, env=None, suffix=".pdf"):
    """Run a command-line verifier on a PDF given as bytes; returns CompletedProcess (text)."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix, dir=tmp_path, delete=False) as fh:
        fh.write(input_bytes)
        path = fh.name
    try:
        cmd = [a if a != "{}" else path for a in args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                              env={**os.environ, **(env or {})})
    finally:
        os.unlink(path)
