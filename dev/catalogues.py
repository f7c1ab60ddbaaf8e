"""CI's language checks: the English catalogue is complete and current, and no Chinese text escapes it.

`python -m dev.catalogues [ROOT]` prints every problem and exits 1 when there is one (`make lint` runs it):

- a marked string (extracted by babel.cfg's rules) with no English translation, or a fuzzy one;
- a catalogue entry no code or template marks any more (stale), and a compiled .mo that is not the .po's;
- Chinese text a user could see that is not marked for the catalogues: a CJK string literal in Python that
  is neither a docstring nor the argument of a marking call, an f-string holding CJK, CJK in a template
  outside {{ _() }} / {% trans %}, CJK in a script or mini-program page outside its comments.

Chinese may stay where it is data, not interface: tests, migrations, the demo's seed, the development fakes,
the SMS provider templates (fixed texts a deployment registers), the mini-program's generated fallback
table, and a line ending in `# i18n: data` with a
reason (a regular expression for Chinese punctuation, say).
"""
import ast
import io
import re
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CATALOGUE = Path("backend/translations/en/LC_MESSAGES/messages.po")
MARKERS = {"_", "_l", "N_", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext", "pgettext", "lazy_pgettext"}
PRAGMA = "# i18n: data"
# Where Chinese is data, not interface (see the module's docstring).
DATA_PLACES = ("tests/", "migrations/", "backend/demo/", "backend/translations/", "dev/", "bench/",
               "backend/lib/sms/templates.py", "miniprogram_stub/tests/", "h5/vendor/",
               # The mini-program's bundled fallback: generated from the catalogue, and a test keeps it equal.
               "miniprogram_stub/utils/strings_zh.js")
SCRIPT_PLACES = ("h5/", "miniprogram_stub/", "backend/static/")
SCRIPT_SUFFIXES = (".js", ".wxml", ".html", ".json")


def catalogue_problems(root: Path) -> list[str]:
    """Marked strings without English, stale entries, and a .mo that is not the .po compiled."""
    with open(root / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    marked = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(root, method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            marked.setdefault((msgid, context), filename)
    with open(root / CATALOGUE, "rb") as po:
        catalogue = read_po(po)
    entries = {(m.id[0] if isinstance(m.id, tuple) else m.id, m.context): m for m in catalogue if m.id}
    problems = []
    for key, filename in sorted(marked.items(), key=lambda item: item[1]):
        entry = entries.get(key)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            (entry.string,) if entry is not None else ())
        if entry is None:
            problems.append(f"{filename}: {key[0]!r} is not in the English catalogue (run make i18n)")
        elif not all(strings) or entry.fuzzy:
            problems.append(f"{filename}: {key[0]!r} has no English translation")
    for key in sorted(set(entries) - set(marked), key=str):
        problems.append(f"{CATALOGUE}: {key[0]!r} is stale: nothing marks it any more (run make i18n)")
    mo_path = root / CATALOGUE.with_suffix(".mo")
    compiled = {(m.id, m.context): m.string for m in catalogue if m.id and m.string and not m.fuzzy}
    if not mo_path.exists():
        problems.append(f"{mo_path.relative_to(root)}: missing (run make i18n)")
    else:
        with open(mo_path, "rb") as mo:
            current = {(m.id, m.context): m.string for m in read_mo(mo) if m.id}
        if current != compiled:
            problems.append(f"{mo_path.relative_to(root)}: not the .po compiled (run make i18n)")
    return problems


def literal_problems(root: Path) -> list[str]:
    """Chinese a user could see that no catalogue holds."""
    problems = []
    for path in sorted(p for top in ("backend", "h5", "miniprogram_stub") for p in (root / top).rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative.startswith((".", "node_modules")) or "/." in relative \
                or relative.startswith(DATA_PLACES) or "/node_modules/" in relative:
            continue
        if path.suffix == ".py" and relative.startswith("backend/"):
            problems += [f"{relative}:{line}: {text}" for line, text in _python_literals(path)]
        elif relative.startswith("backend/templates/") and path.suffix == ".html" \
                or relative.startswith("h5/") and path.suffix == ".html":
            problems += [f"{relative}:{line}: {text}" for line, text in _template_text(path)]
        elif relative.startswith(SCRIPT_PLACES) and path.suffix in SCRIPT_SUFFIXES:
            problems += [f"{relative}:{line}: {text}" for line, text in _script_text(path)]
    return problems


def _python_literals(path: Path):
    source = path.read_text(encoding="utf-8")
    if not HAN.search(source):
        return
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
        if isinstance(node, ast.Call) and _called_name(node.func) in MARKERS:
            allowed.update(id(arg) for arg in node.args)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            allowed.update(id(v) for v in node.values)
            if any(HAN.search(part) for part in parts) and not _pragma(lines, node):
                yield node.lineno, "an f-string holding Chinese cannot be translated: " + "…".join(parts)[:60]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value) \
                and id(node) not in allowed and not _pragma(lines, node):
            yield node.lineno, f"Chinese literal outside the catalogues: {node.value[:60]!r}"


def _called_name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _pragma(lines: list[str], node) -> bool:
    return any(PRAGMA in lines[n - 1] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1))


# Template parts that hold catalogue text or no text at all.
_TEMPLATE_MARKED = re.compile(r"\{#.*?#\}|\{%-?\s*trans\b.*?endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->",
                              re.S)
_SCRIPT_COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*|<!--.*?-->", re.S)


def _template_text(path: Path):
    yield from _leftover(path.read_text(encoding="utf-8"), _TEMPLATE_MARKED)


def _script_text(path: Path):
    yield from _leftover(path.read_text(encoding="utf-8"), _SCRIPT_COMMENTS)


def _leftover(text: str, removed: re.Pattern):
    # Blank out what is allowed, keeping line breaks so line numbers stay right.
    blanked = removed.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for number, line in enumerate(blanked.splitlines(), 1):
        if HAN.search(line) and PRAGMA.split("# ")[1] not in line:
            yield number, "Chinese outside the catalogues: " + line.strip()[:60]


def main(argv: list[str]) -> int:
    """Print every problem; exit 1 when there is one."""
    root = Path(argv[0] if argv else ".").resolve()
    problems = catalogue_problems(root) + literal_problems(root)
    out = io.StringIO()
    for problem in problems:
        print(problem, file=out)
    if problems:
        print(f"{len(problems)} language problem(s): mark the text, run make i18n, translate it.", file=out)
    sys.stdout.write(out.getvalue())
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
