"""Dates and times on the admin pages: in the page's locale, in the configured time zone, the zone named."""
from datetime import datetime, timezone

from babel import dates
from flask_babel import get_locale, get_timezone

from backend.web.admin import blp


@blp.app_template_filter("admin_time")
def admin_time(value: datetime | None) -> str:
    """A moment as "2026年12月5日 14:00 中国标准时间" or "Dec 5, 2026, 2:00 PM China Standard Time"."""
    if value is None:
        return "—"
    locale = get_locale()
    # Stored in UTC (naive values too); shown in BABEL_DEFAULT_TIMEZONE, Asia/Shanghai.
    local = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(get_timezone())
    day = dates.format_date(local, "medium", locale=locale)
    clock = dates.format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
    # The locale's own way of joining a date and a time ("{1} {0}", "{1}, {0}").
    moment = locale.datetime_formats["medium"].format(clock, day)
    return f"{moment} {dates.get_timezone_name(local, 'long', locale=locale)}"
