"""Active content and hidden data are refused before a PDF can be signed; ordinary contracts pass."""
import pytest

from backend.lib.pdf.content import inspect_upload
from backend.lib.pdf.errors import ActiveContent
from tests.pdf import hostile_pdfs, pdf_factory

REFUSED = hostile_pdfs.REFUSED


@pytest.mark.parametrize("build, reason, words", REFUSED, ids=[b.__name__ for b, _, _ in REFUSED])
def test_active_content_is_refused_naming_the_reason(build, reason, words):
    with pytest.raises(ActiveContent) as caught:
        inspect_upload(build())
    assert caught.value.code == "pdf_active_content" and caught.value.reason == reason
    assert words in caught.value.message and caught.value.message_zh


def test_ordinary_contracts_pass(prepared, signed):
    for data in (pdf_factory.contract(3), pdf_factory.mixed_pages(), hostile_pdfs.harmless_features(), prepared, signed):
        assert inspect_upload(data).page_count >= 1


def test_a_pdf_with_cross_reference_streams_passes():
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf_factory.contract(2))))
    writer.stream_xrefs = True
    out = io.BytesIO()
    writer.write(out)
    assert inspect_upload(out.getvalue()).page_count == 2
    with pytest.raises(ActiveContent):
        inspect_upload(out.getvalue() + b"PK\x03\x04 more")


@pytest.mark.parametrize("tool", [["qpdf", "--linearize"], ["qpdf", "--linearize", "--object-streams=generate"],
                                  ["qpdf", "--object-streams=generate"], ["pdftocairo", "-pdf"]],
                         ids=["linearized", "linearized-object-streams", "object-streams", "cairo"])
def test_pdfs_written_by_other_tools_pass(tool, tmp_path):
    import shutil
    import subprocess

    if not shutil.which(tool[0]):
        pytest.skip(f"{tool[0]} is not installed")
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(pdf_factory.contract(3))
    subprocess.run([*tool, str(source), str(target)], check=True, capture_output=True, timeout=60)
    data = target.read_bytes()
    assert inspect_upload(data).page_count == 3
    with pytest.raises(ActiveContent):  # a linearized file ends with a pointer back to its start: still checked
        inspect_upload(data + b"PK\x05\x06" + bytes(18))
