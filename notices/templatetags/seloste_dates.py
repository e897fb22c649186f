"""`{{ value|reader_date }}`, `{{ value|reader_datetime }}`: dates in the reader's language."""

from django import template

from ..dates import iso_datetime, reader_date, reader_datetime

register = template.Library()

register.filter("reader_date", reader_date)
register.filter("reader_datetime", reader_datetime)
register.filter("iso_datetime", iso_datetime)
