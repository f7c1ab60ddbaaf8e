"""CI's language check (dev/catalogues.py): it fails on an untranslated or unmarked string, and main passes it."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from dev import catalogues

ROOT = Path(__file__).resolve().parents[2]
BABEL_CFG = "[python: backend/**.py]\nkeywords = _l N_\n\n[jinja2: backend/templates/**.html]\n"


@pytest.fixture
def project(tmp_path):
    """A tiny project laid out like ours; `write(path, text)` adds a file, `translate({...})` the catalogue."""
    (tmp_path / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")

    def write(relative: str, text: str) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def translate(pairs: dict) -> None:
        catalog = Catalog(locale="en")
        for msgid, msgstr in pairs.items():
            catalog.add(msgid, msgstr)
        po = tmp_path / catalogues.CATALOGUE
        po.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "wb") as out:
            write_po(out, catalog)
        with open(po.with_suffix(".mo"), "wb") as out:
            write_mo(out, catalog)

    return tmp_path, write, translate


def problems_of(root: Path) -> list[str]:
    return catalogues.catalogue_problems(root) + catalogues.literal_problems(root)


def test_a_marked_string_without_english_fails_the_check(project):
    root, write, translate = project
    write("backend/services/things.py", '''
        from flask_babel import lazy_gettext as _l
        SAVED = _l("已保存")
        GONE = _l("已删除")
    ''')
    translate({"已保存": "Saved", "已删除": ""})
    problems = problems_of(root)
    assert problems == ["backend/services/things.py: '已删除' has no English translation"]
    # The command CI runs fails with it.
    run = subprocess.run([sys.executable, "-m", "dev.catalogues", str(root)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "已删除" in run.stdout


def test_a_string_missing_from_the_catalogue_or_left_there_stale_fails(project):
    root, write, translate = project
    write("backend/services/things.py", 'from flask_babel import lazy_gettext as _l\nNEW = _l("新功能")\n')
    translate({"旧功能": "Old feature"})
    problems = problems_of(root)
    assert any("'新功能' is not in the English catalogue" in p for p in problems)
    assert any("'旧功能' is stale" in p for p in problems)


def test_chinese_outside_the_catalogues_fails_where_a_user_could_see_it(project):
    root, write, translate = project
    write("backend/services/things.py", '''
        """模块说明可以用中文。"""
        from flask_babel import lazy_gettext as _l
        OK = _l("好")
        BAD = "未标记的中文"

        def greet(name):
            return f"你好，{name}"
        PUNCTUATION = "，。"  # i18n: data (a pattern of Chinese punctuation, not shown)
    ''')
    write("backend/templates/page.html", "<h1>{{ _('标题') }}</h1>\n{# 注释 #}\n<p>漏掉的文字</p>\n")
    write("h5/signer/app.js", "// 注释可以\nconst label = '确认签署';\n")
    write("tests/test_x.py", 'NAME = "张三"\n')
    translate({"好": "Good", "标题": "Title"})
    problems = problems_of(root)
    assert sorted(p.split(": ")[0] for p in problems) == [
        "backend/services/things.py:5", "backend/services/things.py:8", "backend/templates/page.html:3",
        "h5/signer/app.js:2"]


def test_a_compiled_catalogue_that_is_not_the_po_fails(project):
    root, write, translate = project
    write("backend/services/things.py", 'from flask_babel import lazy_gettext as _l\nOK = _l("好")\n')
    translate({"好": "Good"})
    assert problems_of(root) == []
    po = root / catalogues.CATALOGUE
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Good"', 'msgstr "Fine"'), encoding="utf-8")
    assert problems_of(root) == [f"{catalogues.CATALOGUE.with_suffix('.mo')}: not the .po compiled (run make i18n)"]


def test_main_passes_the_check():
    """What CI runs on the tree itself: every marked string has English, nothing is stale, no stray Chinese."""
    assert problems_of(ROOT) == []
