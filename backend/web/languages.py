"""Which language a request is answered in: the person's own choice, then the request's."""
import flask_babel
from flask import Flask, has_request_context, request

from backend.core.languages import DEFAULT_LANGUAGE, LOCALES

ACCEPTED = ["zh", "zh-CN", "zh-Hans", "zh-SG", "en", "en-US", "en-GB"]


def use_language(code: str | None) -> None:
    """Answer the rest of this request in a person's chosen language (a user's, a participant's)."""
    if code in LOCALES and has_request_context():
        # On the request, not on g: g outlives requests when an app context is reused.
        request.environ["signstage.language"] = code
        flask_babel.refresh()


def request_language() -> str:
    """The language code of this request: the person's choice, `?lang=`, then Accept-Language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = request.environ.get("signstage.language") or request.args.get("lang")
    if chosen in LOCALES:
        return chosen
    best = request.accept_languages.best_match(ACCEPTED)
    return best[:2] if best else DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    return LOCALES[request_language()]


def install(app: Flask) -> None:
    """Choose the language afresh for every request (Flask-Babel caches it on the app context's g)."""
    app.before_request(flask_babel.refresh)
