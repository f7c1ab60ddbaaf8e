"""`pybabel extract -F babel.cfg` finds the admin strings: gettext, lazy_gettext (as _l) and templates."""
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_extraction_finds_python_lazy_and_template_strings(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."])
    with out.open("rb") as f:
        ids = {m.id for m in read_po(f) if m.id}
    expected = {
        "开始日期不能晚于结束日期",   # gettext as _ in backend/admin/contracts.py
        "微信小程序",                 # lazy_gettext as _l in backend/admin/labels.py
        "大屏显示签署二维码",         # the scripts' strings in backend/admin/strings.py
        "合同专用章",                 # lazy_gettext(...) in backend/admin/seals.py
        "合同管理",                   # {{ _(...) }} in the templates
        "修改员工「%(name)s」",
    }
    assert expected <= ids, sorted(expected - ids)
