"""The admin pages' language: the `<html lang>` of every page and the switch a signed-in user chooses with."""
from flask import abort, redirect, request, url_for

from backend.core.languages import LANGUAGES
from backend.services import accounts
from backend.web.admin import blp
from backend.web.admin.access import current_user
from backend.web.admin.forms import safe_next
from backend.web.languages import request_language, use_language
from backend.web.shells import HTML_LANG

# Each language named in itself: a reader lost in the other language still finds their own.
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}  # i18n: data (endonyms, the same on every page)


@blp.app_context_processor
def _inject_language():
    # App-wide: the site's error page (error.html) is rendered outside the admin blueprint too.
    language = request_language()
    return {"page_language": language, "html_lang": HTML_LANG[language], "language_names": LANGUAGE_NAMES}


@blp.post("/language")
def choose_language():
    """Store the signed-in user's language (zh or en) and return to the page they were on."""
    user = current_user()
    if user is None:
        return redirect(url_for("admin.login"))
    language = request.form.get("language")
    if language not in LANGUAGES:
        abort(400)
    accounts.choose_language(user, language)
    use_language(language)
    return redirect(safe_next(request.form.get("next")) or url_for("admin.index"))
