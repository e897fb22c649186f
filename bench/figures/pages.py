"""Public pages in this process: render time and SQL queries, the consent machinery's bytes,
the request form's POST with the mail server down."""

import gzip
import re
import statistics
import time

from common import csrf_for, get, load_average, post_form

from . import figure

NOTICE = "/fi/tietosuojaseloste/"
LONG_NOTICE = "/fi/pitka-seloste/"
HOME = "/fi/"
FORM = "/fi/tietosuojaseloste/pyynto/"
RENDER_SAMPLES = 60
FORM_POSTS = 120
# The long notice: the demo's sections this many times over.
GROWTH = 25

QUERIES = 12
UNCACHED_MS = 25.0
CONSENT_BYTES = 3072
FORM_P95_MS = 150.0


def make_long_notice() -> None:
    """The demo notice with its sections repeated GROWTH times, published beside it."""
    from notices.models import PrivacyNoticePage

    notice = PrivacyNoticePage.objects.get(slug="tietosuojaseloste", locale__language_code="fi")
    singletons = {"controller", "contact_person", "data_protection_officer", "register_name"}
    raw = [dict(item) for item in notice.body.raw_data]
    repeated = [
        {k: v for k, v in item.items() if k != "id"}
        for _round in range(GROWTH - 1)
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


def render_figures(path: str, cold: bool = False) -> tuple[float, float, int, int]:
    """Median milliseconds over RENDER_SAMPLES requests (elapsed, and this process's CPU time),
    SQL queries, bytes.

    The CPU time is what a render costs; the elapsed time adds whatever else the machine runs
    meanwhile (on a shared machine, most of it). SQLite runs in this process, so its work is in
    the CPU time too.

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
    times, cpu_times = [], []
    for _sample in range(RENDER_SAMPLES):
        if cold:
            cache.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(path)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        times.append((time.perf_counter() - started) * 1000)
    return (
        statistics.median(times),
        statistics.median(cpu_times),
        query_count,
        len(response.content),
    )


@figure(order=100)
def notice_render(bench) -> None:
    """Median render and SQL queries of the notice, a notice GROWTH times longer and the home
    page, through the whole middleware stack with the page cache off."""
    bench.django()
    from django.db import connection

    make_long_notice()
    bench.show(f"database: {connection.vendor}")
    rows = []
    for label, path, cold in (
        ("notice", NOTICE, False),
        (f"notice x{GROWTH}", LONG_NOTICE, False),
        ("home (reference)", HOME, False),
        ("notice, every cache emptied first (no budget)", NOTICE, True),
        (f"notice x{GROWTH}, every cache emptied first (no budget)", LONG_NOTICE, True),
    ):
        median, cpu, queries, size = render_figures(path, cold=cold)
        rows.append((label, median, cpu, queries, size))
    connection.close()
    bench.values["notice_html_bytes"] = rows[0][4]
    bench.show(f"load average while measured: {load_average()}")
    bench.table(
        ["page (page cache off)", "median elapsed", "median CPU", "SQL queries", "bytes"],
        [
            [label, f"{median:.1f} ms", f"{cpu:.1f} ms", queries, size]
            for label, median, cpu, queries, size in rows
        ],
    )
    notice_q, long_q = rows[0][3], rows[1][3]
    bench.budget("notice SQL queries", notice_q, QUERIES)
    bench.check(
        f"queries constant as the notice grows {GROWTH}× ({notice_q} → {long_q})",
        long_q <= notice_q,
    )
    bench.check(
        f"… and with every cache emptied ({rows[3][3]} → {rows[4][3]})", rows[4][3] <= rows[3][3]
    )
    bench.budget("uncached demo notice median CPU time", rows[0][2], UNCACHED_MS, " ms")


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/seloste/cookies/[^"]+\.(?:js|css))"', html)


@figure(order=200)
def consent_machinery(bench) -> None:
    """The page's consent part plus the consent script and stylesheet, each gzipped as served."""
    base = bench.gunicorn(SELOSTE_PAGE_CACHE_SECONDS="0")
    __, __, html = get(base + NOTICE)
    text = html.decode()
    start = text.index('<p class="cc-footer-link">')
    end = text.index("</footer>")
    parts = [("the page's consent part", len(gzip.compress(text[start:end].encode())))]
    for url in static_urls(text):
        status, headers, body = get(base + url, headers={"Accept-Encoding": "gzip"})
        assert status == 200, url
        served = body if headers.get("Content-Encoding") == "gzip" else gzip.compress(body)
        parts.append((url, len(served)))
    bench.table(["consent machinery", "bytes gzip"], [[what, size] for what, size in parts])
    bench.budget("consent machinery gzip", sum(size for __, size in parts), CONSENT_BYTES, " B")


def form_fields(token: str, number: int, prefix: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "request_type": "access",
        "name": f"Bench Tester {number}",
        "email": f"{prefix}-{number}@example.com",
        "message": "Haluan nähdä tietoni. " * 10,
        "website": "",
    }


def post_cpu_times(count: int) -> list[float]:
    """This process's CPU milliseconds for each of `count` POSTs of the form through the whole
    middleware stack (SQLite's work included): what a POST costs, whatever else runs."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(FORM).status_code == 200
    times = []
    for number in range(count):
        started = time.process_time()
        response = client.post(FORM, form_fields("", number, "bench-cpu"))
        times.append((time.process_time() - started) * 1000)
        assert response.status_code == 302, response.status_code
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[int(0.95 * (len(ordered) - 1))]


@figure(order=210)
def form_post_mail_down(bench) -> None:
    """The request form's POST while the mail server is down (a task worker runs): elapsed time
    from a client through gunicorn, and the CPU time of the same POST in this process."""
    base = bench.gunicorn(SELOSTE_PAGE_CACHE_SECONDS="0")
    worker = bench.site.start_worker()
    token, cookie = csrf_for(base + FORM)
    times = []
    statuses: dict[int, int] = {}
    for number in range(FORM_POSTS):
        started = time.perf_counter()
        status, __ = post_form(base + FORM, form_fields(token, number, "bench"), cookie)
        times.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    bench.site.stop(worker)
    stored = bench.site.manage(
        "shell",
        "-c",
        "from notices.rights.models import RightsRequest as R; "
        "print(R.objects.filter(email__startswith='bench-').count())",  # fmt: skip
    ).stdout.split()[-1]
    bench.django()
    cpu = post_cpu_times(FORM_POSTS // 2)
    mail_timeout_ms = float(bench.site.env["EMAIL_TIMEOUT"]) * 1000
    bench.show(f"load average while measured: {load_average()}")
    bench.table(
        ["request form POST, mail server down", "p50", "p95", "posts"],
        [
            [
                "elapsed, client → gunicorn",
                f"{statistics.median(times):.1f} ms",
                f"{p95(times):.1f} ms",
                len(times),
            ],
            [
                "CPU time, in-process",
                f"{statistics.median(cpu):.1f} ms",
                f"{p95(cpu):.1f} ms",
                len(cpu),
            ],
        ],
    )
    bench.show(f"answers {statuses}, {stored} stored")
    bench.check("every form POST answered 302", set(statuses) == {302})
    bench.check("every form POST stored", stored == str(FORM_POSTS))
    bench.check(
        f"no POST waited for the mail server (slowest {max(times):.0f} ms, mail timeout "
        f"{mail_timeout_ms:.0f} ms)",
        max(times) < mail_timeout_ms,
    )
    bench.budget("form POST p95 CPU time with mail down", p95(cpu), FORM_P95_MS, " ms")
