"""axe-core in the browser (axe-playwright-python): `assert_no_serious(page)` fails on any serious or
critical violation and names the rule and the elements; `assert_touch_targets(page)` checks the 44 px rule
(WCAG 2.5.5), which axe's own target-size rule (24 px) does not."""
import pytest

SERIOUS = ("serious", "critical")
TOUCH_PX = 44

TOUCH_JS = """(minimum) => {
  const out = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button]')) {
    if (!visible(el) || el.closest('[hidden]')) continue;
    // A checkbox, radio or (visually hidden) file input counts with its label, which takes the tap.
    const label = ['checkbox', 'radio', 'file'].includes(el.type) && [...(el.labels || [])].find(visible);
    const target = label || el;
    // Links inside running text are exempt (WCAG 2.5.5 "inline").
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.parentElement.closest('p, li')) continue;
    const r = target.getBoundingClientRect();
    if (r.width < minimum || r.height < minimum) {
      const name = (el.textContent || el.value || el.name || '').trim().slice(0, 20);
      const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${name}" ${size}`);
    }
  }
  return out;
}"""


def _axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


def serious_violations(page, context=None) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now (or within `context`)."""
    results = _axe().run(page, context=context)
    return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} — {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_no_serious(page, context=None) -> None:
    """Fail when axe-core reports any serious or critical violation on `page`."""
    violations = serious_violations(page, context)
    assert violations == [], f"{page.url}\n{_describe(violations)}"


def assert_touch_targets(page, minimum: int = TOUCH_PX) -> None:
    """Fail when a visible control is smaller than `minimum` CSS px either way (phone pages)."""
    small = page.evaluate(TOUCH_JS, minimum)
    assert small == [], f"{page.url}: touch targets under {minimum} px: {small}"
