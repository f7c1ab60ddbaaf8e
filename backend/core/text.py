"""Text the app refuses to store: control characters (the rule behind backend/web/input.py).

NUL cannot be stored in PostgreSQL text at all, and the other control characters have no business
in a name, a phone number or a reason: they hide text on screens and in the audit PDF, and some
(ESC, C1's CSI) drive the terminals that show logs. Refused: C0 except tab, line feed and carriage
return; DEL; C1 (U+0080-U+009F: only mis-decoded text carries them); lone surrogates (JSON's
"\\ud800", which no encoder can write out).
"""
import re

FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
CONTROL = re.compile(f"[{FORBIDDEN}\ud800-\udfff]")
# The same class as a JSON Schema pattern sees it (patterns have no surrogate ranges).
PATTERN_CLASS = FORBIDDEN.encode("unicode_escape").decode()
PATTERN = f"^[^{PATTERN_CLASS}]*$"


def has_control(value) -> bool:
    """True when a string holds a character the rule refuses."""
    return isinstance(value, str) and CONTROL.search(value) is not None


def first_control_line(text: str) -> int | None:
    """The 1-based number of the first line holding a refused character, or None."""
    match = CONTROL.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None
