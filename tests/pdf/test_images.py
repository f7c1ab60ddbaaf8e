"""Each distinct image is embedded once per document; only the app's own fields are trusted to hold one."""
import io
import re
import shutil

import pytest
from pypdf import PdfReader

from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.images import MARKER, MAX_PX_PER_PT, fitted_size
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.sign import FieldValue, SignedDocument, SignerIdentity, sign_fields
from backend.lib.pdf.verify import verify_pdf
from tests.pdf import pdf_factory
from tests.pdf.conftest import SIGN_TIME, run_tool

SIGNERS = 3
CONTROLS = [c for i in range(SIGNERS) for c in (
    ControlSpec(f"s{i}_seal", 1, 0.05 + 0.3 * i, 0.10, 0.25, 0.18, "seal"),
    ControlSpec(f"s{i}_sign", 1, 0.05 + 0.3 * i, 0.30, 0.25, 0.08, "signature"),
    ControlSpec(f"s{i}_date", 1, 0.05 + 0.3 * i, 0.40, 0.25, 0.04, "date"))]
NAMES = [c.name for c in CONTROLS]


def image_objects(pdf: bytes) -> dict[int, object]:
    """Every image XObject of the file's latest revision, by object number (soft masks excluded)."""
    reader = PdfReader(io.BytesIO(pdf))
    images, masks = {}, set()
    for idnum in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(idnum)
        except Exception:  # a free slot
            continue
        if hasattr(obj, "get") and obj.get("/Subtype") == "/Image":
            images[idnum] = obj
            if "/SMask" in obj:
                masks.add(obj.raw_get("/SMask").idnum)
    return {k: v for k, v in images.items() if k not in masks}


def shown_images(pdf: bytes) -> dict[str, int]:
    """The image object each filled widget's appearance draws, by field name."""
    reader = PdfReader(io.BytesIO(pdf))
    shown = {}
    for field in reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if field.get("/FT") != "/Sig" or "/V" not in field or "/AP" not in field:
            continue  # unsigned, or invisible (the platform's signature)
        xobjects = field["/AP"]["/N"]["/Resources"]["/XObject"]
        shown[str(field["/T"])] = xobjects.raw_get("/Im0").idnum
    return shown


def _values(i, seal_png, ink):
    return [FieldValue(f"s{i}_seal", "seal", seal_png), FieldValue(f"s{i}_sign", "signature", ink),
            FieldValue(f"s{i}_date", "date")]


def _ink(i: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(10, 60), (80, 20 + 10 * i), (150, 100), (290, 30)], fill=(0, 0, 0, 255), width=8)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def prepared_three():
    return prepare_pdf(pdf_factory.contract(1), CONTROLS)


@pytest.fixture(scope="module")
def one_job_each(prepared_three, ca, seal_png):
    """Three signers with the same seal, each signing alone (a new reader per signer, as one job each)."""
    pdf = prepared_three
    for i in range(SIGNERS):
        pdf = sign_fields(pdf, SignerIdentity(f"签署人{i}", "北京星河科技有限公司"), _values(i, seal_png, _ink(i)), ca,
                          signing_time=SIGN_TIME, image_sources=NAMES)
    return pdf


def test_a_seal_used_by_several_signers_is_embedded_once(one_job_each):
    shown = shown_images(one_job_each)
    assert len({shown[f"s{i}_seal"] for i in range(SIGNERS)}) == 1
    assert len({shown[f"s{i}_sign"] for i in range(SIGNERS)}) == SIGNERS  # each signer's own handwriting
    assert len(image_objects(one_job_each)) == 1 + SIGNERS  # the file holds nothing else


def test_one_pass_embeds_each_image_once_too(prepared_three, ca, seal_png):
    doc = SignedDocument(prepared_three, ca, image_sources=NAMES)
    for i in range(SIGNERS):
        assert doc.sign(SignerIdentity(f"签署人{i}", "北京星河科技有限公司"), _values(i, seal_png, _ink(i)))
    assert len(image_objects(doc.pdf)) == 1 + SIGNERS
    assert len({v for k, v in shown_images(doc.pdf).items() if k.endswith("_seal")}) == 1


def test_the_shared_seal_keeps_its_marker_and_resolution(one_job_each, seal_png):
    reader = PdfReader(io.BytesIO(one_job_each))
    seal = reader.get_object(shown_images(one_job_each)["s0_seal"])
    box = reader.trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()["/Rect"]
    w, h = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    assert int(seal["/Width"]) <= int(w * MAX_PX_PER_PT) + 1 and int(seal["/Height"]) <= int(h * MAX_PX_PER_PT) + 1
    key = seal[MARKER]
    assert re.fullmatch(r"[0-9a-f]{64}:\d+x\d+", str(key)) and str(key).endswith(f":{seal['/Width']}x{seal['/Height']}")


def test_signatures_over_shared_images_all_verify(one_job_each, ca):
    report = verify_pdf(one_job_each, ca.trust_roots)
    assert report.authentic, report.problems
    assert len(report.signatures) == 2 * SIGNERS and not report.modified_after_signing


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils needed")
def test_signatures_over_shared_images_are_valid_in_pdfsig(one_job_each):
    out = run_tool("pdfsig", "{}", input_bytes=one_job_each).stdout
    assert re.findall(r"Signature Validation: (.*)", out) == ["Signature is Valid."] * (2 * SIGNERS)


def test_an_image_in_a_field_not_vouched_for_is_embedded_anew(prepared_three, ca, seal_png):
    first = sign_fields(prepared_three, SignerIdentity("签署人0", "北京星河科技有限公司"), _values(0, seal_png, _ink(0)),
                        ca, image_sources=NAMES)
    # the second signer's sources leave out the first signer's fields: a marker there proves nothing
    second = sign_fields(first, SignerIdentity("签署人1", "北京星河科技有限公司"), _values(1, seal_png, _ink(1)), ca,
                         image_sources=[n for n in NAMES if not n.startswith("s0_")])
    shown = shown_images(second)
    assert shown["s0_seal"] != shown["s1_seal"]


def test_the_same_seal_in_a_box_of_another_size_is_another_image(ca, seal_png):
    controls = [ControlSpec("big", 1, 0.1, 0.1, 0.3, 0.2, "seal"), ControlSpec("small", 1, 0.5, 0.5, 0.1, 0.07, "seal")]
    pdf = prepare_pdf(pdf_factory.contract(1), controls)
    pdf = sign_fields(pdf, SignerIdentity("张三", "北京星河科技有限公司"), [FieldValue("big", "seal", seal_png)], ca,
                      image_sources=["big", "small"])
    pdf = sign_fields(pdf, SignerIdentity("李四", "北京星河科技有限公司"), [FieldValue("small", "seal", seal_png)], ca,
                      image_sources=["big", "small"])
    shown = shown_images(pdf)
    assert shown["big"] != shown["small"]
    widths = sorted(int(o["/Width"]) for o in image_objects(pdf).values())
    assert widths[0] < widths[1] <= 400  # the 400 px seal, shrunk for the small box, not enlarged for the big one


def test_fitted_size_keeps_the_aspect_and_never_enlarges():
    assert fitted_size(600, 600, 531, 512) == (512, 512)
    assert fitted_size(600, 240, 550, 212) == (530, 212)
    assert fitted_size(100, 50, 531, 512) == (100, 50)
    assert fitted_size(5000, 1, 100, 100) == (100, 1)
