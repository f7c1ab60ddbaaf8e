"""The big screen's page in the meeting's screen language: Chinese, English, or both stacked."""
from flask import Response

from backend.core.languages import LANGUAGES
from backend.models import Meeting
from backend.web.languages import use_language
from backend.web.screen.strings import SCREEN_STRINGS
from backend.web.shells import render_shell

# A bilingual screen stacks them in this order: Chinese, English beneath.
BILINGUAL = ("zh", "en")


def speak_screen_language(meeting: Meeting) -> tuple[str, ...]:
    """Answer in the meeting's screen language (its choice wins over the request's); the languages shown."""
    if meeting.screen_language in LANGUAGES:
        use_language(meeting.screen_language)
        return (meeting.screen_language,)
    return BILINGUAL


def screen_page(meeting: Meeting, *, preview_api: str | None = None, headers: dict | None = None) -> Response:
    """The screen's shell; `preview_api` points the organizer's preview at its own state instead of a token's."""
    languages = speak_screen_language(meeting)
    return render_shell("screen/index.html", SCREEN_STRINGS, languages=languages, preview_api=preview_api,
                        headers={"Cache-Control": "no-store", **(headers or {})})


def missing_page(status: int) -> Response:
    """The page saying the screen link is unknown, in the request's language."""
    return render_shell("screen/missing.html", status=status)
