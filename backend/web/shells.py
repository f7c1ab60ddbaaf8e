"""The H5 pages' HTML shells (signer, activation, copy, verify, big screen), rendered in one language.

Each shell is a Jinja template under h5/ (`signer/index.html`, ...): its own text comes from the catalogue
through `_()`, and the strings its script shows reach it as JSON in the page (`strings`), translated on the
server from the same catalogue: the browser never carries a second translation system.
"""
from collections.abc import Mapping

import flask_babel
from flask import Response, render_template

from backend.core.languages import LANGUAGES, LOCALES
from backend.web.languages import request_language

SHELL_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def translated(strings: Mapping, language: str | None = None) -> dict:
    """The strings (lazy or plain, nested) rendered in a language (default: the request's)."""
    with flask_babel.force_locale(LOCALES[language or request_language()]):
        return _rendered(strings)


def _rendered(value):
    if isinstance(value, Mapping):
        return {key: _rendered(item) for key, item in value.items()}
    return str(value)


def render_shell(template: str, strings: Mapping | None = None, *, languages: tuple[str, ...] | None = None,
                 status: int = 200, headers: Mapping | None = None, **context) -> Response:
    """A shell in the request's language; with `languages`, the script gets the strings in each of them."""
    language = request_language()
    shown = languages or (language,)
    page_strings = {code: translated(strings or {}, code) for code in shown if code in LANGUAGES}
    html = render_template(template, lang=language, html_lang=HTML_LANG[language], languages=list(shown),
                           strings=page_strings, **context)
    return Response(html, status=status, mimetype="text/html", headers={**SHELL_HEADERS, **(headers or {})})
