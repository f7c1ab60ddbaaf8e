"""The languages Signstage speaks: short codes stored on people and meetings, and their Babel locales."""

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
# The big screen may also show both, stacked, as bilingual ceremonies do.
SCREEN_LANGUAGES = LANGUAGES + ("bilingual",)
LOCALES = {"zh": "zh_Hans_CN", "en": "en"}
