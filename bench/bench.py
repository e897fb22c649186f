"""`make bench`: the figures of Seloste's performance budgets, measured in one run here.

Builds a scratch site (SQLite in a temporary folder, or DATABASE_URL's PostgreSQL) with the
demo under the production settings on loopback, then measures:

1. median render time and SQL queries of the notice, of a notice five times longer and of the
   home page, through the whole middleware stack, page cache off;
2. requests per second for the notice under gunicorn with two workers, with and without the
   page cache, beside a static file of the same size from the same server (the ceiling);
3. the consent machinery's bytes as served gzipped;
4. the request form's POST latency (p50, p95) while the mail server is down.

Prints PASS or FAIL for each budget and exits 1 on any failure. Timings are never asserted in
tests; this is where they are checked.
"""

import datetime
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    csrf_for,
    get,
    machine,
    post_form,
    requests_per_second,
    scratch_site,
)

NOTICE = "/fi/tietosuojaseloste/"
LONG_NOTICE = "/fi/pitka-seloste/"
HOME = "/fi/"
FORM = "/fi/tietosuojaseloste/pyynto/"
RENDER_SAMPLES = 60
FORM_POSTS = 120
LOAD_SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))

BUDGETS = {
    "queries": 12,
    "uncached_ms": 25.0,
    "cached_ratio": 0.8,
    "form_p95_ms": 150.0,
}


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["SELOSTE_PAGE_CACHE_SECONDS"] = "0"  # render figures are uncached
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[1])
    import django

    django.setup()


def make_long_notice() -> None:
    """The demo notice with its sections repeated five times, published beside it."""
    from notices.models import PrivacyNoticePage

    notice = PrivacyNoticePage.objects.get(slug="tietosuojaseloste", locale__language_code="fi")
    singletons = {"controller", "contact_person", "data_protection_officer", "register_name"}
    raw = [dict(item) for item in notice.body.raw_data]
    repeated = [
        {k: v for k, v in item.items() if k != "id"}
        for _round in range(4)
        for item in raw
        if item["type"] not in singletons
    ]
    long_page = notice.copy(
        to=notice.get_parent(),
        update_attrs={"slug": "pitka-seloste", "title": "Pitkä seloste"},
        keep_live=False,
        copy_revisions=False,
    ).specific
    long_page.body = raw + repeated
    long_page.save_revision().publish()


def render_figures(path: str, cold: bool = False) -> tuple[float, int, int]:
    """Median milliseconds over RENDER_SAMPLES requests, SQL queries, bytes.

    Warm: the process's caches (site, consent texts, rendered sections) are filled, as on a
    server that has served the page once. Cold: every cache is emptied before each request.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for _warm in range(5):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Counted now: the next request resets the connection's query log this context reads.
    query_count = len(queries)
    times = []
    for _sample in range(RENDER_SAMPLES):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), query_count, len(response.content)


def consent_bytes(base: str) -> int:
    """The page's consent part plus consent.js and consent.css, each gzipped as served."""
    __, __, html = get(base + NOTICE)
    text = html.decode()
    start = text.index('<p class="cc-footer-link">')
    end = text.index("</footer>")
    total = len(gzip.compress(text[start:end].encode()))
    urls = static_urls(text)
    assert len(urls) == 2, urls
    for url in urls:
        status, headers, body = get(base + url, headers={"Accept-Encoding": "gzip"})
        assert status == 200, url
        total += (
            len(body) if headers.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
        )
    return total


def static_urls(html: str) -> list[str]:
    import re

    return re.findall(r'(?:src|href)="(/static/cookies/consent\.[0-9a-f.]*(?:js|css))"', html)


def form_latencies(base: str) -> tuple[float, float, int]:
    token, cookie = csrf_for(base + FORM)
    times = []
    statuses: dict[int, int] = {}
    for number in range(FORM_POSTS):
        fields = {
            "csrfmiddlewaretoken": token,
            "request_type": "access",
            "name": f"Bench Tester {number}",
            "email": f"bench-{number}@example.com",
            "message": "Haluan nähdä tietoni. " * 10,
            "consent": "on",
            "website": "",
        }
        started = time.perf_counter()
        status, __ = post_form(base + FORM, fields, cookie)
        times.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    if set(statuses) != {302}:
        raise RuntimeError(f"form answers: {statuses}")
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return statistics.median(times), p95, len(times)


def interleaved_rates(
    first: str, second: str, seconds: float, rounds: int = 4
) -> tuple[tuple[float, int], tuple[float, int]]:
    """Requests per second of two URLs measured in alternating rounds, so that a slower or
    faster spell of a shared machine falls on both alike and the ratio compares like with like."""
    totals = {first: [0.0, 0], second: [0.0, 0]}
    for _round in range(rounds):
        for url in (first, second):
            per_second, failed = requests_per_second(url, seconds / rounds)
            totals[url][0] += per_second / rounds
            totals[url][1] += failed
    return tuple(totals[first]), tuple(totals[second])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    print(f"Seloste bench {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    with scratch_site(database_url=os.environ.get("DATABASE_URL")) as site:
        site.prepare()
        setup_django(site.env)
        from django.db import connection

        make_long_notice()
        print(f"database: {connection.vendor}")

        rows = []
        for label, path, cold in (
            ("notice", NOTICE, False),
            ("notice x5", LONG_NOTICE, False),
            ("home (reference)", HOME, False),
            ("notice, every cache emptied first (no budget)", NOTICE, True),
            ("notice x5, every cache emptied first (no budget)", LONG_NOTICE, True),
        ):
            median, queries, size = render_figures(path, cold=cold)
            rows.append((label, median, queries, size))
        connection.close()

        # The static file of the same size as the notice, served by the same WhiteNoise.
        notice_size = rows[0][3]
        same_size = Path(site.env["DJANGO_STATIC_ROOT"]) / "bench" / "same-size.html"
        same_size.parent.mkdir(parents=True, exist_ok=True)
        same_size.write_bytes(b"x" * notice_size)

        rps = {}
        for cached in (False, True):
            seconds = "60" if cached else "0"
            base = site.start_gunicorn(workers=2, SELOSTE_PAGE_CACHE_SECONDS=seconds)
            notice_rps, static_rps = interleaved_rates(
                base + NOTICE, base + "/static/bench/same-size.html", LOAD_SECONDS
            )
            rps[("notice", cached)] = notice_rps
            rps[("static", cached)] = static_rps
            if not cached:
                consent = consent_bytes(base)
                worker = site.start_worker()
                form_p50, form_p95, form_count = form_latencies(base)
                site.stop(worker)
            for process in list(site.processes):
                site.stop(process)

        from notices.rights.models import RightsRequest

        stored = RightsRequest.objects.count()

    print()
    print("| page (page cache off) | median render | SQL queries | bytes |")
    print("| --- | ---: | ---: | ---: |")
    for label, median, queries, size in rows:
        print(f"| {label} | {median:.1f} ms | {queries} | {size} |")
    print()
    print(
        f"| gunicorn, 2 workers, {LOAD_SECONDS:.0f} s each in 4 alternating rounds "
        "| requests/s | failed |"
    )
    print("| --- | ---: | ---: |")
    for (what, cached), (per_second, failed) in rps.items():
        label = {
            ("notice", False): "notice, no page cache",
            ("static", False): "static file, same size (same server)",
            ("notice", True): "notice, page cache",
            ("static", True): "static file, same size (page-cache server)",
        }[(what, cached)]
        print(f"| {label} | {per_second:.0f} | {failed} |")
    print()
    print(f"consent machinery, gzip: {consent} bytes")
    print(
        f"request form POST with the mail server down: p50 {form_p50:.1f} ms, "
        f"p95 {form_p95:.1f} ms ({form_count} posts, {stored} stored)"
    )

    notice_q, long_q = rows[0][2], rows[1][2]
    ceiling = rps[("static", True)][0]
    cached_rps = rps[("notice", True)][0]
    checks = [
        (f"notice ≤ {BUDGETS['queries']} SQL queries ({notice_q})", notice_q <= 12),
        (f"queries constant as the notice grows ({notice_q} → {long_q})", long_q <= notice_q),
        (
            f"… and with every cache emptied ({rows[3][2]} → {rows[4][2]})",
            rows[4][2] <= rows[3][2],
        ),
        (
            f"cached notice ≥ {BUDGETS['cached_ratio']} × static ceiling "
            f"({cached_rps:.0f} / {ceiling:.0f} = {cached_rps / ceiling:.2f})",
            cached_rps >= BUDGETS["cached_ratio"] * ceiling,
        ),
        (
            f"uncached notice median ≤ {BUDGETS['uncached_ms']:.0f} ms ({rows[0][1]:.1f} ms)",
            rows[0][1] <= BUDGETS["uncached_ms"],
        ),
        (
            f"form POST p95 ≤ {BUDGETS['form_p95_ms']:.0f} ms with mail down ({form_p95:.1f} ms)",
            form_p95 <= BUDGETS["form_p95_ms"],
        ),
        ("every form POST stored", stored == form_count),
        ("no failed request under load", all(failed == 0 for __, failed in rps.values())),
        ("consent machinery ≤ 4096 bytes gzip", consent <= 4096),
    ]
    print()
    for label, ok in checks:
        print(f"{verdict(ok)}  {label}")
    return 0 if all(ok for __, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
