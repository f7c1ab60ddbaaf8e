"""Which language a request is answered in: the person's own choice, then the request's."""
from flask import g, has_request_context, request
from flask_babel import refresh

# The product's languages: the API's short codes and the Babel locales behind them.
LOCALES = {"zh": "zh_Hans_CN", "en": "en"}
DEFAULT = "zh"


def use_language(code: str | None) -> None:
    """Answer the rest of this request in a person's chosen language (a user's, a participant's)."""
    if code in LOCALES:
        g.language = code


def request_language() -> str:
    """The language code of this request: the person's choice, `?lang=`, then Accept-Language."""
    if not has_request_context():
        return DEFAULT
    chosen = g.get("language") or request.args.get("lang")
    if chosen in LOCALES:
        return chosen
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-Hans", "en", "en-US", "en-GB"])
    return best[:2] if best else DEFAULT


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    return LOCALES[request_language()]


def start_request() -> None:
    """Forget the language of an earlier request that shared this app context (tests push one for many)."""
    g.pop("language", None)
    refresh()
