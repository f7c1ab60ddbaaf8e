"""Translated strings the admin scripts show, handed to them as JSON in the page."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "loading": _l("加载中…"),
    "error_generic": _l("操作失败，请稍后重试。"),
    "error_network": _l("网络异常，请检查网络后重试。"),
    "saved": _l("已保存"),
    "saving": _l("保存中…"),
    "unsaved": _l("有未保存的修改"),
    "save": _l("保存"),
    "next": _l("下一步"),
    "prev": _l("上一步"),
    "delete": _l("删除"),
    "cancel": _l("取消"),
    "confirm_delete": _l("确定删除？"),
    "none": _l("—"),
}


def js_strings() -> dict:
    """The strings in the request's locale."""
    return {key: str(value) for key, value in STRINGS.items()}
