"""The text of every SMS by message kind, and the positional parameters a provider template takes.

Tencent Cloud SMS rules implemented here (its template review standards and SendSms error codes):

- A verification-code variable holds digits only, at most 6 (``InvalidParameterValue.TemplateParameterFormatError``).
- Every other variable is at most 12 characters on a personal-use account
  (``InvalidParameterValue.TemplateParameterLengthLimit``); enterprise-verified accounts have no such
  limit, so the limit is a parameter (0 = none). A longer value is cut to the limit, ending in "…".
- A link may not be a variable at all, not even a short link: the URL's fixed part must be written in
  the template text. So a link is a short link of ours, ``{PUBLIC_BASE_URL}/l/{code}``: the template
  text holds ``https://your.domain/l/`` and the variable is the 8-character code ([0-9A-Za-z]) alone.
  ``console_template`` prints the text to register for each kind.

TemplateParamSet is positional: ``PARAMS`` fixes each kind's order, the same in every language. The texts
keep Tencent's variable budget: times are "11月25日 14:00" / "Nov 25 14:00" (12 characters), an end time
the same day "15:00"; the fixed text names the zone (北京时间 / Beijing time).

Each kind has a text per language, each its own provider template (a template's text is fixed, and Tencent
reviews each): the template *name* of a message is ``<kind>`` in Chinese and ``<kind>@en`` in English
(``template_name``). The provider backend adds its own suffix to a name where it needs another template
(``<name>@intl`` for numbers outside the mainland), so a deployment registers e.g. ``meeting_signer``,
``meeting_signer@en``, ``meeting_signer@intl`` and ``meeting_signer@en@intl``.

A template's text is fixed, so a notice that carries the meeting's video link is a kind of its own:
``<kind>_video`` is ``<kind>`` with "视频会议：{video_link}" at the end, the video link a short link of
ours too (``video_code``). A deployment registers those kinds as well (``video_kind`` picks one).
"""
import re

SOURCE_LANGUAGE = "zh"
SIGNS = {"zh": "【Signstage】", "en": "[Signstage] "}
SIGN = SIGNS[SOURCE_LANGUAGE]
# A rehearsal's notices carry this mark at the start of their first variable (see services/notices.py).
REHEARSAL_MARKS = {"zh": "【彩排】", "en": "[Rehearsal] "}
# The name in a notice to someone the app knows no name of (an enterprise's signing contact).
GREETINGS = {"zh": "您好", "en": "Hello"}

_ZH = {
    "activation": "{enterprise}邀请您激活电子签约账号，请打开链接完成验证：{short_link}",
    "otp": "您的验证码为{code}，5分钟内有效。请勿泄露给他人。",
    "meeting_signer": "{name}，您受邀作为{enterprise}的签署人参加签约仪式「{meeting}」，"
                      "北京时间{starts}至{ends}。届时请扫描大屏上的二维码，或打开链接签署：{short_link}",
    "meeting_host": "{name}，您是签约仪式「{meeting}」的主持人，北京时间{starts}至{ends}。"
                    "请在会前打开大屏结果页并共享屏幕：{short_link}",
    "meeting_observer": "{name}，诚邀您观礼签约仪式「{meeting}」，北京时间{starts}至{ends}。",
    "meeting_changed": "{name}，签约仪式「{meeting}」已更新，北京时间{starts}至{ends}。",
    "meeting_cancelled": "{name}，签约仪式「{meeting}」已取消。",
    "reminder": "{name}，签约仪式「{meeting}」将于北京时间{starts}开始，请准时参加。届时请打开链接签署：{short_link}",
    "reminder_host": "{name}，您主持的签约仪式「{meeting}」将于北京时间{starts}开始，请打开大屏结果页并共享屏幕：{short_link}",
    "completed": "{name}，签约仪式「{meeting}」的合同已签署完成，打开链接查看签署件：{short_link}",
    "counterparty_invited": "{enterprise}邀请贵方参加签约仪式「{meeting}」，请打开链接填写签署人：{short_link}",
}
_EN = {
    "activation": "{enterprise} invites you to activate your e-signing account. Open the link to verify: {short_link}",
    "otp": "Your verification code is {code}, valid for 5 minutes. Do not share it with anyone.",
    "meeting_signer": "{name}, you are invited to sign for {enterprise} at the signing ceremony \"{meeting}\", "
                      "{starts} to {ends} (Beijing time). At the ceremony, scan the QR code on the big screen "
                      "or open the link to sign: {short_link}",
    "meeting_host": "{name}, you host the signing ceremony \"{meeting}\", {starts} to {ends} (Beijing time). "
                    "Before it starts, open the big-screen results page and share your screen: {short_link}",
    "meeting_observer": "{name}, you are invited to watch the signing ceremony \"{meeting}\", "
                        "{starts} to {ends} (Beijing time).",
    "meeting_changed": "{name}, the signing ceremony \"{meeting}\" has been updated: {starts} to {ends} (Beijing time).",
    "meeting_cancelled": "{name}, the signing ceremony \"{meeting}\" has been cancelled.",
    "reminder": "{name}, the signing ceremony \"{meeting}\" starts at {starts} (Beijing time). Please be on time. "
                "At the ceremony, open the link to sign: {short_link}",
    "reminder_host": "{name}, the signing ceremony \"{meeting}\" you host starts at {starts} (Beijing time). "
                     "Open the big-screen results page and share your screen: {short_link}",
    "completed": "{name}, the contract of the signing ceremony \"{meeting}\" is fully signed. "
                 "Open the link to view the signed copy: {short_link}",
    "counterparty_invited": "{enterprise} invites your company to the signing ceremony \"{meeting}\". "
                            "Open the link to name your signers: {short_link}",
}
# One table per language, the signature included: the text a message shows.
TEMPLATES = {language: {kind: SIGNS[language] + text for kind, text in table.items()}
             for language, table in (("zh", _ZH), ("en", _EN))}
LANGUAGES = tuple(TEMPLATES)
_VIDEO = {"zh": "视频会议：{video_link}", "en": "Video meeting: {video_link}"}

# Tencent's TemplateParamSet order per kind; "link_code" is the short link's code (see above).
PARAMS = {
    "activation": ("enterprise", "link_code"),
    "otp": ("code",),
    "meeting_signer": ("name", "enterprise", "meeting", "starts", "ends", "link_code"),
    "meeting_host": ("name", "meeting", "starts", "ends", "link_code"),
    "meeting_observer": ("name", "meeting", "starts", "ends"),
    "meeting_changed": ("name", "meeting", "starts", "ends"),
    "meeting_cancelled": ("name", "meeting"),
    "reminder": ("name", "meeting", "starts", "link_code"),
    "reminder_host": ("name", "meeting", "starts", "link_code"),
    "completed": ("name", "meeting", "link_code"),
    "counterparty_invited": ("enterprise", "meeting", "link_code"),
}

# The notices about a meeting still to come: each has a twin that also carries the video link.
VIDEO_KINDS = ("meeting_signer", "meeting_host", "meeting_observer", "meeting_changed", "reminder", "reminder_host")
for _kind in VIDEO_KINDS:
    for _language, _table in TEMPLATES.items():
        # After a link, a space: a phone must not read the next words as part of the URL (English always has one).
        _gap = " " if _language != "zh" or _table[_kind].endswith("}") else ""
        _table[f"{_kind}_video"] = _table[_kind] + _gap + _VIDEO[_language]
    PARAMS[f"{_kind}_video"] = PARAMS[_kind] + ("video_code",)

KINDS = tuple(TEMPLATES[SOURCE_LANGUAGE])
LANGUAGE_MARK = "@"
# Every template name a deployment registers (before the backend's own suffixes): each kind in each language.
NAMES = tuple(f"{kind}{LANGUAGE_MARK}{language}" if language != SOURCE_LANGUAGE else kind
              for language in LANGUAGES for kind in KINDS)
# Short-link code parameters and the text placeholder each fills: {PUBLIC_BASE_URL}/l/{code}.
LINK_CODES = {"link_code": "short_link", "video_code": "video_link"}
CODE_PARAMS = frozenset({"code"})  # verification-code variables: digits only
CODE_MAX_DIGITS = 6
PARAM_MAX_LENGTH = 12
SHORT_CODE_LENGTH = 8
_SHORT_CODE = re.compile(r"^[0-9A-Za-z]{%d}$" % SHORT_CODE_LENGTH)


class TemplateParamError(ValueError):
    """A message's parameters cannot be sent through its provider template."""


def template_name(kind: str, language: str = SOURCE_LANGUAGE) -> str:
    """The template a message of this kind is sent with in a language: `kind`, or `kind@en` (unknown: Chinese)."""
    return f"{kind}{LANGUAGE_MARK}{language}" if language in LANGUAGES and language != SOURCE_LANGUAGE else kind


def parse_name(template: str) -> tuple[str, str]:
    """The (kind, language) of a template name; raises TemplateParamError for a name no table has."""
    kind, _, language = template.partition(LANGUAGE_MARK)
    language = language or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE and template != kind or kind not in PARAMS or language not in TEMPLATES:
        raise TemplateParamError(f"unknown message kind {template!r}")
    return kind, language


def text_of(template: str) -> str:
    """The text of a template name, signature included."""
    kind, language = parse_name(template)
    return TEMPLATES[language][kind]


def render(template: str, params: dict) -> str:
    """Fill a template (a name from template_name) with its parameters."""
    return text_of(template).format(**params)


def positional(template: str, params: dict, *, max_length: int = PARAM_MAX_LENGTH) -> list[str]:
    """The TemplateParamSet of a message: its kind's parameters in order, each within Tencent's rules."""
    kind, _language = parse_name(template)
    values = []
    for name in PARAMS[kind]:
        if name not in params:
            raise TemplateParamError(f"{template}: parameter {name!r} is missing")
        value = str(params[name])
        if name in CODE_PARAMS:
            if not (value.isascii() and value.isdigit() and len(value) <= CODE_MAX_DIGITS):
                raise TemplateParamError(f"{template}: a verification code is 1-{CODE_MAX_DIGITS} digits")
        elif name in LINK_CODES:
            if not _SHORT_CODE.match(value):
                raise TemplateParamError(f"{template}: a link code is {SHORT_CODE_LENGTH} letters or digits")
        elif max_length and len(value) > max_length:
            value = value[:max_length - 1] + "…"
        values.append(value)
    return values


def video_kind(template: str, has_video: bool) -> str:
    """The kind to send: the one that also carries the video link when the meeting has one and the kind has a twin."""
    return f"{template}_video" if has_video and template in VIDEO_KINDS else template


def console_template(template: str, base_url: str) -> str:
    """The body to register in Tencent's console for a template name: {1}, {2}… in PARAMS order, no signature.

    Each language's is its own: console_template("reminder", …) and console_template("reminder@en", …).
    """
    kind, language = parse_name(template)
    fields = {name: "{%d}" % (i + 1) for i, name in enumerate(PARAMS[kind])}
    for code, link in LINK_CODES.items():
        if code in fields:
            fields[link] = f"{base_url.rstrip('/')}/l/{fields[code]}"
    return text_of(template).removeprefix(SIGNS[language]).format(**fields)
