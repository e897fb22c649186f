"""Dates as a reader of each language writes them, never month before day.

Finnish and Swedish in Finland write 8.12.2026; English readers in the EU read day, month name,
year ("8 December 2026"), which no one can take for 12 August. Other languages use Django's
format for that language. Exports use ISO 8601 with the time zone, for programs.
"""

from __future__ import annotations

import datetime

from django.utils import dateformat, formats, timezone, translation
from django.utils.translation import get_language

DATE_FORMATS = {"fi": "j.n.Y", "sv": "j.n.Y", "en": "j F Y"}
# "klo" and "kl." are how Finnish and Finland-Swedish introduce a time of day.
DATETIME_FORMATS = {"fi": r"j.n.Y \k\l\o H.i", "sv": r"j.n.Y \k\l. H.i", "en": "j F Y, H:i"}


def _language(language: str | None) -> str:
    return (language or get_language() or "fi").split("-")[0].lower()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def reader_date(value, language: str | None = None) -> str:
    """`value` (a date or datetime) as a date in the reader's language; "" for nothing."""
    if not value:
        return ""
    language = _language(language)
    fmt = DATE_FORMATS.get(language) or formats.get_format("DATE_FORMAT", language)
    with translation.override(language):  # month names in the reader's language
        return dateformat.format(_local(value), fmt)


def reader_datetime(value, language: str | None = None) -> str:
    """`value` as date and time of day (local time) in the reader's language."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return reader_date(value, language)
    language = _language(language)
    fmt = DATETIME_FORMATS.get(language) or formats.get_format("DATETIME_FORMAT", language)
    with translation.override(language):
        return dateformat.format(_local(value), fmt)


def iso_datetime(value) -> str:
    """ISO 8601 with the time zone, to the second (2026-12-08T22:39:05+02:00); dates as dates."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value) if timezone.is_aware(value) else value
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
