"""Proof of consent at scale: statistics and the auditor's export at a million records."""

import statistics
import time
import tracemalloc
import uuid
from datetime import timedelta

from . import figure

RECORDS = 1_000_000
DAYS = 120  # spread over more than the statistics' 90 days
STATS_SAMPLES = 20
STATS_BUDGET_MS = 50.0
EXPORT_PEAK_BUDGET_MB = 32.0


def fill_records(total: int) -> None:
    """`total` consent records over the last DAYS days, with their daily counts (in batches,
    as fast as the database takes them)."""
    from django.utils import timezone

    from cookies.models import ConsentRecord
    from cookies.statistics import rebuild_daily_counts

    now = timezone.now()
    outcomes = ["accepted", "declined", "partial"]
    sources = ["banner", "banner", "settings", "media"]
    batch = []
    for number in range(total):
        state = outcomes[number % 3]
        batch.append(
            ConsentRecord(
                consent_id=uuid.UUID(int=number + 1),
                created_at=now - timedelta(seconds=(number * DAYS * 86400) // total),
                choices={"analytics": {"state": state}, "external_media": {"state": state}},
                outcome=state,
                source=sources[number % 4],
                policy_version=1,
                language="fi",
            )
        )
        if len(batch) == 10_000:
            ConsentRecord.objects.bulk_create(batch)
            batch.clear()
    ConsentRecord.objects.bulk_create(batch)
    rebuild_daily_counts()


def median_ms(action, samples: int) -> float:
    times = []
    for __ in range(samples):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def peak_export_mb(start, end) -> tuple[float, int]:
    """Peak Python memory while the JSON export of a period is written away, and its records."""
    from cookies.evidence import as_json

    tracemalloc.start()
    size = 0
    for chunk in as_json(start, end):
        size += chunk.count('"record_id"')
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak, size


@figure(order=410)
def consent_records_at_scale(bench) -> None:
    """The admin's consent statistics (90 days) and the auditor's export at 10^6 records: the
    statistics from the daily counts beside the same figures grouped from the records, and the
    export's peak memory for a short and a long period (it streams: the two should match)."""
    bench.django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.db.models.functions import TruncDate
    from django.test import Client
    from django.utils import timezone

    from cookies.models import ConsentRecord
    from cookies.statistics import daily_counts, method_totals

    started = time.perf_counter()
    fill_records(RECORDS - ConsentRecord.objects.count())
    seconds = time.perf_counter() - started
    bench.show(f"{ConsentRecord.objects.count()} consent records written in {seconds:.0f} s")
    since = timezone.localdate() - timedelta(days=89)

    def from_counts() -> None:
        daily_counts(since)
        method_totals(since)

    def from_records() -> None:
        # What the statistics did before daily counts: group every record of the period.
        list(
            ConsentRecord.objects.filter(created_at__date__gte=since)
            .annotate(day=TruncDate("created_at"))
            .values("day", "outcome")
            .annotate(n=Count("id"))
        )

    counts_ms = median_ms(from_counts, STATS_SAMPLES)
    records_ms = median_ms(from_records, 3)
    user, __ = get_user_model().objects.get_or_create(
        username="bench-privacy", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    assert client.get("/admin/consent_stats/").status_code == 200
    page_ms = median_ms(lambda: client.get("/admin/consent_stats/"), STATS_SAMPLES)
    today = timezone.localdate()
    short_peak, short_records = peak_export_mb(today - timedelta(days=2), today)
    long_peak, long_records = peak_export_mb(today - timedelta(days=DAYS), today)
    bench.table(
        ["consent at 10^6 records", "figure"],
        [
            ["90-day statistics from the daily counts (median)", f"{counts_ms:.1f} ms"],
            ["the same grouped from the records (median of 3)", f"{records_ms:.0f} ms"],
            ["ratio", f"{records_ms / max(counts_ms, 0.001):.0f}×"],
            ["the statistics page, whole (median)", f"{page_ms:.1f} ms"],
            [f"export, {short_records} records: peak memory", f"{short_peak:.1f} MB"],
            [f"export, {long_records} records: peak memory", f"{long_peak:.1f} MB"],
        ],
    )
    bench.budget("consent statistics at 10^6 records", counts_ms, STATS_BUDGET_MS, " ms")
    bench.budget("export peak memory, any period", long_peak, EXPORT_PEAK_BUDGET_MB, " MB")
    bench.check(
        f"export memory constant ({short_peak:.1f} MB for {short_records} records, "
        f"{long_peak:.1f} MB for {long_records})",
        long_peak <= short_peak * 2 + 1,
    )
