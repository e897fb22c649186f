"""Deadline arithmetic of GDPR Art. 12(3): calendar months, in the site's time zone."""

import calendar
import datetime

from django.utils import timezone


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when that month is shorter.

    This is how a "calendar month" is counted: 31 January gives the last day of February.
    """
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar date of a moment in the site's time zone (Helsinki), where deadlines live."""
    return timezone.localtime(moment).date()
