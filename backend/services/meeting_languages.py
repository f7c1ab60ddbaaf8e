"""The languages a meeting's documents (audit trail, poster) are written in, and their words in each.

They follow the meeting's screen language, not whoever's request happens to make them: a document is
made once (often by the worker, with no request at all) and read by every party alike.
"""
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import force_locale, gettext

from backend.core.languages import DEFAULT_LANGUAGE, LANGUAGES, LOCALES
from backend.lib.pdf.sign import chinese_date

CHINA_TZ = ZoneInfo("Asia/Shanghai")
BILINGUAL = "bilingual"
JOINER = " / "


def languages_of(screen_language: str | None) -> tuple[str, ...]:
    """A meeting's document languages: its screen language, or both (Chinese first) when bilingual."""
    if screen_language == BILINGUAL:
        return LANGUAGES
    return (screen_language,) if screen_language in LANGUAGES else (DEFAULT_LANGUAGE,)


def translated(words: Mapping[str, str], language: str) -> dict[str, str]:
    """Each msgid of `words` from the catalogue of `language` (works outside a request too)."""
    with force_locale(LOCALES[language]):
        return {key: gettext(msgid) for key, msgid in words.items()}


def in_each(languages: tuple[str, ...], say: Callable[[], str]) -> str:
    """What `say` answers in each language, joined "中文 / English" (once when they agree)."""
    answers = []
    for language in languages:
        with force_locale(LOCALES[language]):
            answers.append(str(say()))
    return JOINER.join(dict.fromkeys(answers))


def date_text(moment: datetime, language: str) -> str:
    """The day of a moment as the language writes it, in Beijing time and saying so: 2026年11月25日（北京时间）."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    day = format_date(aware.astimezone(CHINA_TZ).date(), "long", locale=LOCALES[language])
    with force_locale(LOCALES[language]):
        return gettext("%(date)s（北京时间）", date=day)


def contract_date(moment: datetime, screen_language: str | None) -> str:
    """What a date control writes into the contract (China time): 2026年11月25日, or November 25, 2026 in an
    English meeting (a bilingual ceremony's contract keeps the Chinese date)."""
    if screen_language != "en":
        return chinese_date(moment)
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return format_date(aware.astimezone(CHINA_TZ).date(), "long", locale="en")
