"""Proof of consent for an auditor: every record of a period as CSV or JSON, streamed.

The fields follow the consent record of ISO/IEC TS 27560 (record header, PII processing and
event sections), reduced to what a cookie decision has: the record and the pseudonymous
consent id that links a visitor's records (the PII principal), the time with its time zone,
the language, each purpose (cookie group) with its choice, how the choice was given, and the
versions of the notice, the banner and the declarations it was given on. The records are read
in chunks and written as they are read, so an export of a million records takes as little
memory as one of ten.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator

from django.utils import timezone

from .models import ConsentRecord

SCHEMA = "Seloste consent record, after ISO/IEC TS 27560:2023"
CHUNK = 2000
FIELDS = [
    "record_id",
    "consent_id",
    "time",
    "language",
    "method",
    "outcome",
    "choices",
    "policy_version",
    "notice_revision",
    "banner_version",
    "declaration_version",
    "global_privacy_control",
]
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def period(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `start` to the end of `end`, in the site's time zone."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, after


def records(start: datetime.date, end: datetime.date) -> Iterator[dict]:
    """Each record of the period, oldest first, as plain data."""
    first, after = period(start, end)
    rows = (
        ConsentRecord.objects.filter(created_at__gte=first, created_at__lt=after)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "consent_id",
            "created_at",
            "language",
            "source",
            "outcome",
            "choices",
            "policy_version",
            "notice_revision_id",
            "banner_version_id",
            "declaration_version_id",
            "global_privacy_control",
        )
    )
    for row in rows.iterator(chunk_size=CHUNK):
        (pk, consent_id, created_at, language, source, outcome, choices, policy, revision,
         banner, declarations, gpc) = row  # fmt: skip
        yield {
            "record_id": pk,
            "consent_id": str(consent_id),
            "time": timezone.localtime(created_at).isoformat(),
            "language": language,
            "method": source,
            "outcome": outcome,
            "choices": {
                group: (entry or {}).get("state", "") for group, entry in (choices or {}).items()
            },
            "policy_version": policy,
            "notice_revision": revision,
            "banner_version": banner,
            "declaration_version": declarations,
            "global_privacy_control": gpc,
        }


def as_csv(start: datetime.date, end: datetime.date) -> Iterator[str]:
    """The period as CSV, a header line then one line per record; choices as "group=choice"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(value) for value in values])
        return buffer.getvalue()

    yield line(FIELDS)
    for record in records(start, end):
        record["choices"] = "; ".join(f"{g}={c}" for g, c in record["choices"].items())
        yield line([record[field] for field in FIELDS])


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_json(start: datetime.date, end: datetime.date) -> Iterator[str]:
    """The period as one JSON document: what it is, the period, and the records, written one
    record at a time."""
    head = {
        "schema": SCHEMA,
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "time_zone": timezone.get_current_timezone_name(),
        "exported_at": timezone.localtime().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    separator = "\n"
    for record in records(start, end):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


FORMATS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "json": (as_json, "application/json"),
}
