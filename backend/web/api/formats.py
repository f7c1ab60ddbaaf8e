"""The formats the API enforces on input, as fields that check them and publish them in the spec."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from backend.core.languages import LANGUAGES, SCREEN_LANGUAGES
from backend.core.text import PATTERN_CLASS as FORBIDDEN
from backend.lib import https_url
from backend.lib.identity import credit_code, documents, passport

# Eleven mainland digits, optionally after +86 or 0086, or another country's number in E.164 (+ or 00,
# then 8-15 digits); single spaces or dashes may stand between digits. The service checks the number itself.
PHONE = r"^(?:(?:\+86|0086)?[ -]?1[3-9](?:[ -]?[0-9]){9}|(?:\+|00)[1-9](?:[ -]?[0-9]){7,14})$"
# Any kind's number as typed: letters, digits, spaces and (for old Taiwan permits) parentheses.
DOCUMENT_NUMBER = r"^[0-9A-Za-z][0-9A-Za-z ()（）]{0,39}$"
CREDIT_CODE = r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
PHONE_MESSAGE = _l("请输入11位中国大陆手机号码，或以+国家码开头的手机号码")


def _meta(kwargs: dict, **published) -> dict:
    return {**published, **kwargs.pop("metadata", {})}


def _checked(problem):
    def check(value: str) -> None:
        if (msg := problem(value)):
            raise ValidationError(gettext(msg))  # the library's msgid, in the request's language
    return check


def Phone(**kwargs) -> fields.String:
    """A mobile number: 11 mainland digits (+86 optional), or E.164 for any other country."""
    return fields.String(validate=validate.Regexp(PHONE, error=PHONE_MESSAGE),
                         metadata=_meta(kwargs, description="a mobile number: 11 mainland digits (+86 optional), or "
                                                            "another country's in E.164 such as +85291234567",
                                        example="13812345678"), **kwargs)


def IdType(**kwargs) -> fields.String:
    """The kind of identity document; a mainland resident ID unless said."""
    return fields.String(validate=validate.OneOf(documents.ID_TYPES),
                         metadata=_meta(kwargs, description="the identity document's kind (resident_id: mainland resident "
                                                            "ID; hk_mo_permit: Hong Kong and Macau residents' permit; "
                                                            "tw_permit: Taiwan residents' permit; residence_permit: "
                                                            "residence permit for Hong Kong, Macau and Taiwan residents; "
                                                            "passport: passport, with id_country)"), **kwargs)


def IdCountry(**kwargs) -> fields.String:
    """A passport's issuing country: ISO 3166-1 alpha-2."""
    # The shape only: the service names the rule when a code is no country (passport.COUNTRIES).
    return fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$", error=_l(passport.COUNTRY_RULE)),
                         metadata=_meta(kwargs, description="a passport's issuing country or region, ISO 3166-1 alpha-2 "
                                                    "(passports only)",
                                        example="DE"), **kwargs)


def DocumentNumber(**kwargs) -> fields.String:
    """An identity document's number as typed; the rule of its id_type is the service's to check."""
    return fields.String(validate=validate.Regexp(DOCUMENT_NUMBER, error=_l("证件号码只能包含字母、数字和括号")),
                         metadata=_meta(kwargs, format="identity-document-number", example="110101199003070011",
                                        description="the document's number, checked by the rule of id_type (GB 11643 for "
                                                    "resident_id and residence_permit; H/M + 8 digits for hk_mo_permit; "
                                                    "8 digits for tw_permit; 5-20 letters and digits for passport)"),
                         **kwargs)


def CreditCode(**kwargs) -> fields.String:
    """A unified social credit code: 18 characters of the GB 32100 alphabet, the last a check character."""
    return fields.String(validate=[validate.Regexp(CREDIT_CODE, error=_l("统一社会信用代码应为18位")),
                                   _checked(credit_code.problem)],
                         metadata=_meta(kwargs, format="cn-credit-code", example="91110108MA01C2U47B",
                                        description="a unified social credit code (GB 32100: 18 characters of 0-9 and A-Y "
                                                    "without I, O, S, V, Z; the last is the check character)"), **kwargs)


class DocumentRules:
    """A schema mixin: id_number is checked by the rule of id_type (and a passport's id_country) with the
    other fields, so that one answer names every refusal; the service checks again for its other callers."""

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _document_rules(self, data, original, **kwargs):
        if data.get("id_number") is None or any(name in original and name not in data for name in ("id_type", "id_country")):
            return  # no number, or a kind or country already refused on its own
        found = documents.problems(data.get("id_type") or documents.RESIDENT_ID, data["id_number"], data.get("id_country"))
        if found:
            raise ValidationError({name: [_l(message)] for name, message in found.items()})


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
