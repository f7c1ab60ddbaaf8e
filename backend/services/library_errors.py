"""What a library's refusal says to a person: its Chinese msgid, translated into the request's language."""
from flask_babel import lazy_gettext

from backend.lib.errors import LibraryError


def translated(exc: LibraryError):
    """The error's message in the request's language (lazy), its placeholders filled from `params`."""
    # An empty params dict must not %-format: a message may hold a literal percent sign.
    return lazy_gettext(exc.message_zh, **exc.params)
