"""An https link to a service outside the app (the video meeting): one rule, for the spec and the check alike.

Printable ASCII only (a copied meeting link is; anything else must be percent-encoded), a host name
with a dot, an optional port, then a path, query or fragment. No user part: in
``https://meeting.tencent.com@evil.example`` the host is evil.example, and a phone shows the first.
"""
import re

from backend.lib.errors import N_

MAX_LENGTH = 500
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_REST = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
PATTERN = rf"^https://{_LABEL}(?:\.{_LABEL})+(?::[0-9]{{1,5}})?(?:[/?#]{_REST}*)?$"
_URL = re.compile(PATTERN)


def problem(url: str) -> str | None:
    """What is wrong with an https link (a catalogue msgid), or None when it may be stored."""
    if len(url) > MAX_LENGTH:
        return N_("链接不能超过500个字符")  # MAX_LENGTH
    if not _URL.fullmatch(url):
        return N_("请填写以 https:// 开头的完整会议链接")
    return None
