
import pytest

from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.inspect import inspect_pdf
from tests.pdf import pdf_factory as f


def test_mixed_pages_report_displayed_sizes():
    info = inspect_pdf(f.mixed_pages())
    assert info.page_count == 7
    sizes = [(round(p.width), round(p.height)) for p in info.pages]
    assert sizes == [(595, 842), (842, 595), (842, 595), (842, 595), (440, 670), (612, 792), (595, 842)]
    assert len(info.sha256) == 64


@pytest.mark.parametrize("make,code", [
    (lambda: b"This is a text file named contract.pdf\n" * 20, "not_a_pdf"),
    (lambda: b"", "empty_file"),
    (lambda: (lambda d: d[: len(d) // 2])(f.contract(3)), "broken_pdf"),
    (f.encrypted, "encrypted_pdf"),
    (f.no_pages, "empty_pdf"),
    (f.many_pages, "too_many_pages"),
    (lambda: f.many_pages(honest_count=False), "too_many_pages"),
    (lambda: b"%PDF-1.7\n" + b"0" * (60 * 2**20), "pdf_too_large"),
    (f.looping_xref, "broken_pdf"),
    (f.looping_page_tree, "broken_pdf"),
    (f.xfa_only, "xfa_only"),
], ids=["text", "empty", "truncated", "encrypted", "no-pages", "10000-pages", "10000-pages-lying-count",
        "60MB", "xref-loop", "page-tree-loop", "xfa-only"])
def test_bad_inputs_get_a_specific_error(make, code):
    data = make()
    with pytest.raises(PdfError) as exc:
        inspect_pdf(data)
    assert exc.value.code == code, exc.value.message
    assert exc.value.message and exc.value.message_zh


def test_page_limit_is_configurable():
    assert inspect_pdf(f.contract(3), max_pages=3).page_count == 3
    with pytest.raises(PdfError) as exc:
        inspect_pdf(f.contract(3), max_pages=2)
    assert exc.value.code == "too_many_pages"
