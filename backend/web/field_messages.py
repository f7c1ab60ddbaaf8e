"""Marshmallow's own field messages ("Missing data for required field.") in the request's language.

Marshmallow and webargs write their messages in English, some filled in ("Longer than maximum length
60."). Each template below is marshmallow's text with its placeholders; a message that matches one is
replaced by the catalogue's msgid, filled with the same values. Any other message (the schemas' own,
already translated) is left as it is.
"""
import re

from flask_babel import gettext

from backend.lib.errors import N_

_TEMPLATES = {
    "Missing data for required field.": N_("缺少必填字段"),
    "Field may not be null.": N_("不能为空值"),
    "Invalid value.": N_("值无效"),
    "Invalid input.": N_("输入无效"),
    "Invalid type.": N_("类型无效"),
    "Invalid input type.": N_("输入类型无效"),
    "Unknown field.": N_("未知字段"),
    "Not a valid boolean.": N_("应为 true 或 false"),
    "Not a valid integer.": N_("应为整数"),
    "Not a valid number.": N_("应为数字"),
    "Number too large.": N_("数字过大"),
    "Special numeric values (nan or infinity) are not permitted.": N_("不允许 NaN 或无穷大"),
    "Not a valid string.": N_("应为字符串"),
    "Not a valid utf-8 string.": N_("不是有效的 UTF-8 字符串"),
    "Not a valid list.": N_("应为列表"),
    "Not a valid tuple.": N_("应为数组"),
    "Not a valid mapping type.": N_("应为对象"),
    "Not a valid URL.": N_("不是有效的网址"),
    "Not a valid email address.": N_("不是有效的电子邮件地址"),
    "Not a valid UUID.": N_("不是有效的 UUID"),
    "Not a valid datetime.": N_("不是有效的日期时间"),
    "Not a valid aware datetime.": N_("时间须带时区"),
    "Not a valid naive datetime.": N_("时间不能带时区"),
    "Not a valid date.": N_("不是有效的日期"),
    "Not a valid time.": N_("不是有效的时间"),
    "Not a valid period of time.": N_("不是有效的时长"),
    "String does not match expected pattern.": N_("格式不正确"),
    "Must be one of: {choices}.": N_("应为以下之一：%(choices)s"),
    "Must be equal to {other}.": N_("应等于 %(other)s"),
    "One or more of the choices you made was not in: {choices}.": N_("选项须在以下范围内：%(choices)s"),
    "One or more of the choices you made was in: {values}.": N_("选项不能包含：%(values)s"),
    "Shorter than minimum length {min}.": N_("长度不能少于 %(min)s"),
    "Longer than maximum length {max}.": N_("长度不能超过 %(max)s"),
    "Length must be between {min} and {max}.": N_("长度应在 %(min)s 到 %(max)s 之间"),
    "Length must be {equal}.": N_("长度应为 %(equal)s"),
    "Must be greater than or equal to {min}.": N_("应大于或等于 %(min)s"),
    "Must be greater than {min}.": N_("应大于 %(min)s"),
    "Must be less than or equal to {max}.": N_("应小于或等于 %(max)s"),
    "Must be less than {max}.": N_("应小于 %(max)s"),
    "Must be greater than or equal to {min} and less than or equal to {max}.": N_("应在 %(min)s 到 %(max)s 之间"),
    "Must be greater than {min} and less than {max}.": N_("应大于 %(min)s 且小于 %(max)s"),
    "Must be greater than or equal to {min} and less than {max}.": N_("应大于或等于 %(min)s 且小于 %(max)s"),
    "Must be greater than {min} and less than or equal to {max}.": N_("应大于 %(min)s 且小于或等于 %(max)s"),
}


def _pattern(template: str) -> re.Pattern:
    # "Longer than maximum length {max}." -> ^Longer\ than\ maximum\ length\ (?P<max>.+?)\.$
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)) + r"\Z")


_PATTERNS = [(_pattern(template), message) for template, message in _TEMPLATES.items()]


def translated(message):
    """One message in the request's language: marshmallow's English translated, any other kept."""
    if not isinstance(message, str):
        return message
    for pattern, msgid in _PATTERNS:
        if (found := pattern.match(message)):
            return gettext(msgid, **found.groupdict())
    return message


def translated_fields(errors):
    """A field-error tree (names -> lists of messages, nested for nested schemas) with every message translated."""
    if isinstance(errors, dict):
        return {name: translated_fields(value) for name, value in errors.items()}
    if isinstance(errors, list):
        return [translated_fields(value) for value in errors]
    return translated(errors)
