"""The formats the API enforces on input, as fields that check them and publish them in the spec."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from backend.core.languages import LANGUAGES, SCREEN_LANGUAGES
from backend.core.text import PATTERN_CLASS as FORBIDDEN
from backend.lib import https_url
from backend.lib.identity import credit_code, resident_id

# Eleven mainland digits, optionally after +86 or 0086, with single spaces or dashes between digits.
PHONE = r"^(?:\+86|0086)?[ -]?1[3-9](?:[ -]?[0-9]){9}$"
ID_NUMBER = r"^[0-9]{17}[0-9Xx]$"
CREDIT_CODE = r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
PHONE_MESSAGE = _l("请输入11位中国大陆手机号码")
ID_NUMBER_MESSAGE = _l("身份证号码应为17位数字加1位数字或X")


def _meta(kwargs: dict, **published) -> dict:
    return {**published, **kwargs.pop("metadata", {})}


def _checked(problem):
    def check(value: str) -> None:
        if (msg := problem(value)):
            raise ValidationError(gettext(msg))  # the library's msgid, in the request's language
    return check


def Phone(**kwargs) -> fields.String:
    """A mainland mobile number."""
    return fields.String(validate=validate.Regexp(PHONE, error=PHONE_MESSAGE),
                         metadata=_meta(kwargs, description="11位中国大陆手机号码 (mainland mobile, 11 digits; +86 optional)",
                                        example="13812345678"), **kwargs)


def IdNumber(**kwargs) -> fields.String:
    """A mainland resident ID number: 18 characters, a real birth date, the GB 11643 check character."""
    return fields.String(validate=[validate.Regexp(ID_NUMBER, error=ID_NUMBER_MESSAGE),
                                   _checked(resident_id.problem)],
                         metadata=_meta(kwargs, format="cn-resident-id", example="110101199003070011",
                                        description="居民身份证号码 (GB 11643: 6-digit region, birth date YYYYMMDD, "
                                                    "3-digit sequence, check character 0-9 or X)"), **kwargs)


def CreditCode(**kwargs) -> fields.String:
    """A unified social credit code: 18 characters of the GB 32100 alphabet, the last a check character."""
    return fields.String(validate=[validate.Regexp(CREDIT_CODE, error=_l("统一社会信用代码应为18位")),
                                   _checked(credit_code.problem)],
                         metadata=_meta(kwargs, format="cn-credit-code", example="91110108MA01C2U47B",
                                        description="统一社会信用代码 (GB 32100: 18 characters of 0-9 and A-Y without "
                                                    "I, O, S, V, Z; the last is the check character)"), **kwargs)


def HttpsUrl(**kwargs) -> fields.String:
    """An https link to an outside service, such as the video meeting."""
    return fields.String(validate=[validate.Length(max=https_url.MAX_LENGTH), _checked(https_url.problem)],
                         metadata=_meta(kwargs, pattern=https_url.PATTERN,
                                        example="https://meeting.tencent.com/dm/AbCdEf123456"), **kwargs)


class StrictFloat(fields.Float):
    """A JSON number: no numeric strings, no booleans, no NaN or infinity."""

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class StoredMessage(fields.String):
    """Text the database holds as a catalogue msgid (or as a provider's own words), shown in the request's language."""

    def _serialize(self, value, attr, obj, **kwargs):
        return gettext(value) if value else value


def Flag(**kwargs) -> fields.Boolean:
    """true or false, nothing read as either."""
    return fields.Boolean(truthy={True}, falsy={False}, **kwargs)


# Some character that is not white space, and no control characters: names are stored stripped.
NONBLANK = f"^[^{FORBIDDEN}]*[^\\s{FORBIDDEN}][^{FORBIDDEN}]*$"


def Words(max_length: int, **kwargs) -> fields.String:
    """A name or title: not blank, at most max_length characters."""
    return fields.String(validate=[validate.Length(min=1, max=max_length), _nonblank],
                         metadata=_meta(kwargs, pattern=NONBLANK), **kwargs)


def _nonblank(value: str) -> None:
    # Not a Regexp validator: the pattern backtracks on long input; control characters are the Schema's.
    if not value.strip():
        raise ValidationError(str(_l("不能为空")))  # marshmallow takes a non-str message for a list


def Language(**kwargs) -> fields.String:
    """A person's language: zh or en."""
    return fields.String(validate=validate.OneOf(LANGUAGES), allow_none=kwargs.pop("allow_none", True),
                         metadata=_meta(kwargs, enum=list(LANGUAGES)), **kwargs)


def ScreenLanguage(**kwargs) -> fields.String:
    """The big screen's language: zh, en or bilingual."""
    return fields.String(validate=validate.OneOf(SCREEN_LANGUAGES),
                         metadata=_meta(kwargs, enum=list(SCREEN_LANGUAGES), description=(
                             "the big screen's, audit trail's and poster's language: zh, en or bilingual")), **kwargs)
