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

TemplateParamSet is positional: ``PARAMS`` fixes each kind's order, next to its text. The texts keep
Tencent's variable budget: times are "11月25日 14:00" (12 characters), an end time the same day "15:00".

A template's text is fixed, so a notice that carries the meeting's video link is a kind of its own:
``<kind>_video`` is ``<kind>`` with "视频会议：{video_link}" at the end, the video link a short link of
ours too (``video_code``). A deployment registers those kinds as well (``video_kind`` picks one).
"""
import re

SIGN = "【Signstage】"

TEMPLATES = {
    "activation": SIGN + "{enterprise}邀请您激活电子签约账号，请打开链接完成验证：{short_link}",
    "otp": SIGN + "您的验证码为{code}，5分钟内有效。请勿泄露给他人。",
    "meeting_signer": SIGN + "{name}，您受邀作为{enterprise}的签署人参加签约仪式「{meeting}」，"
                             "时间{starts}至{ends}。届时请扫描大屏上的二维码，或打开链接签署：{short_link}",
    "meeting_host": SIGN + "{name}，您是签约仪式「{meeting}」的主持人，时间{starts}至{ends}。"
                           "请在会前打开大屏结果页并共享屏幕：{short_link}",
    "meeting_observer": SIGN + "{name}，诚邀您观礼签约仪式「{meeting}」，时间{starts}至{ends}。",
    "meeting_changed": SIGN + "{name}，签约仪式「{meeting}」已更新，时间{starts}至{ends}。",
    "meeting_cancelled": SIGN + "{name}，签约仪式「{meeting}」已取消。",
    "reminder": SIGN + "{name}，签约仪式「{meeting}」将于{starts}开始，请准时参加。届时请打开链接签署：{short_link}",
    "reminder_host": SIGN + "{name}，您主持的签约仪式「{meeting}」将于{starts}开始，请打开大屏结果页并共享屏幕：{short_link}",
    "completed": SIGN + "{name}，签约仪式「{meeting}」的合同已签署完成，打开链接查看签署件：{short_link}",
    "counterparty_invited": SIGN + "{enterprise}邀请贵方参加签约仪式「{meeting}」，请打开链接填写签署人：{short_link}",
}

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
    # After a link, a space: a phone must not read the next words as part of the URL.
    TEMPLATES[f"{_kind}_video"] = TEMPLATES[_kind] + (" " if TEMPLATES[_kind].endswith("}") else "") + "视频会议：{video_link}"
    PARAMS[f"{_kind}_video"] = PARAMS[_kind] + ("video_code",)

KINDS = tuple(TEMPLATES)
# Short-link code parameters and the text placeholder each fills: {PUBLIC_BASE_URL}/l/{code}.
LINK_CODES = {"link_code": "short_link", "video_code": "video_link"}
CODE_PARAMS = frozenset({"code"})  # verification-code variables: digits only
CODE_MAX_DIGITS = 6
PARAM_MAX_LENGTH = 12
SHORT_CODE_LENGTH = 8
_SHORT_CODE = re.compile(r"^[0-9A-Za-z]{%d}$" % SHORT_CODE_LENGTH)


class TemplateParamError(ValueError):
    """A message's parameters cannot be sent through its provider template."""


def render(template: str, params: dict) -> str:
    """Fill a template with its parameters."""
    return TEMPLATES[template].format(**params)


def positional(template: str, params: dict, *, max_length: int = PARAM_MAX_LENGTH) -> list[str]:
    """The TemplateParamSet of a message: its kind's parameters in order, each within Tencent's rules."""
    if template not in PARAMS:
        raise TemplateParamError(f"unknown message kind {template!r}")
    values = []
    for name in PARAMS[template]:
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
    """The body to register in Tencent's console for a kind: {1}, {2}… in PARAMS order, the signature left out."""
    order = PARAMS[template]
    fields = {name: "{%d}" % (i + 1) for i, name in enumerate(order)}
    for code, link in LINK_CODES.items():
        if code in fields:
            fields[link] = f"{base_url.rstrip('/')}/l/{fields[code]}"
    return TEMPLATES[template].removeprefix(SIGN).format(**fields)
