"""Consent statistics from daily counts kept as records are written, never from the records:
a day's figures are one row per outcome and method, so reading three months costs the same at
a thousand records as at a million."""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ConsentRecord, DailyConsentCount


def count_decision(record: ConsentRecord) -> None:
    """Add one record to its day's count (the site's time zone), in the caller's transaction."""
    day = timezone.localdate(record.created_at)
    key = {"day": day, "outcome": record.outcome, "source": record.source}
    if DailyConsentCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyConsentCount.objects.create(**key, count=1)
    except IntegrityError:  # another decision created the day's row first
        DailyConsentCount.objects.filter(**key).update(count=F("count") + 1)


def daily_counts(since: datetime.date) -> list[dict]:
    """Per day (newest first): the number of decisions per outcome, from `since` on."""
    rows = (
        DailyConsentCount.objects.filter(day__gte=since)
        .values("day", "outcome")
        .annotate(n=Sum("count"))
        .order_by()
    )
    per_day: dict = defaultdict(lambda: dict.fromkeys(ConsentRecord.Outcome.values, 0))
    for row in rows:
        per_day[row["day"]][row["outcome"]] = row["n"]
    return [
        {"day": day, "counts": [counts[o] for o in ConsentRecord.Outcome.values]}
        for day, counts in sorted(per_day.items(), reverse=True)
    ]


def method_totals(since: datetime.date) -> list[tuple[str, int]]:
    """How many decisions each method (banner, settings page, …) brought in the period."""
    rows = dict(
        DailyConsentCount.objects.filter(day__gte=since)
        .values_list("source")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return [(label, rows.get(value, 0)) for value, label in ConsentRecord.Source.choices]


def rebuild_daily_counts() -> int:
    """Count every record again (after a restore from backup, say); returns the rows made."""
    rows = (
        ConsentRecord.objects.annotate(day=TruncDate("created_at"))
        .values("day", "outcome", "source")
        .annotate(n=Count("id"))
        .order_by()
    )
    with transaction.atomic():
        DailyConsentCount.objects.all().delete()
        made = DailyConsentCount.objects.bulk_create(
            DailyConsentCount(day=r["day"], outcome=r["outcome"], source=r["source"], count=r["n"])
            for r in rows
        )
    return len(made)
