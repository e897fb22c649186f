"""The notice from servers: gunicorn alone and nginx in front, beside a static file of the same
size from the same server (the ceiling), and the bytes it takes on the wire."""

import gzip
import multiprocessing
from pathlib import Path

import brotli
from common import get

from config.compression import BROTLI_QUALITY, GZIP_LEVEL

from . import figure
from .pages import NOTICE

LOAD_SECONDS = 16.0
ROUNDS = 8
CACHED_RATIO = 0.8
NOTICE_COMPRESSED_BYTES = 8192
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
STATIC = "/static/bench/notice.html"


def same_size_static(bench) -> str:
    """The notice's own HTML as a static file, with Brotli and gzip beside it compressed as the
    page cache compresses (so size and compression are alike), written into the collected
    static files before the servers measured start; its URL."""
    target = Path(bench.site.env["DJANGO_STATIC_ROOT"]) / STATIC.removeprefix("/static/")
    if not target.exists():
        base = bench.gunicorn(SELOSTE_PAGE_CACHE_SECONDS="0")
        __, __, html = get(base + NOTICE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)
        target.with_name(target.name + ".br").write_bytes(
            brotli.compress(html, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
        )
        target.with_name(target.name + ".gz").write_bytes(gzip.compress(html, GZIP_LEVEL, mtime=0))
        # WhiteNoise reads the static folder when it starts: the servers from now on see it.
        bench.stop_servers()
    return STATIC


@figure(order=220)
def cached_notice_throughput(bench) -> None:
    """Requests per second for the cached notice through nginx beside the same-size static file
    through the same nginx (the ceiling), and from gunicorn alone (gunicorn.conf.py as shipped)
    beside the same file from the same gunicorn; a browser's Accept-Encoding."""
    static = same_size_static(bench)
    seconds = float(bench.site.env.get("BENCH_SECONDS", LOAD_SECONDS))
    app = bench.gunicorn(workers=None, SELOSTE_PAGE_CACHE_SECONDS="60")
    proxy = bench.proxy(app).url
    urls = [proxy + NOTICE, proxy + static, app + NOTICE, app + static]
    rates = bench.interleaved_rates(urls, seconds, rounds=ROUNDS, headers=BROWSER)
    labels = [
        "notice, nginx page cache",
        "static file, same size, nginx",
        "notice, gunicorn alone (page cache)",
        "static file, same size, gunicorn alone (WhiteNoise)",
    ]
    bench.table(
        [
            f"{bench.load_tool}, {seconds:.0f} s each in {ROUNDS} alternating rounds",
            "requests/s",
            "failed",
        ],  # fmt: skip
        [
            [label, f"{rate:.0f}", failed]
            for label, (rate, failed) in zip(labels, rates, strict=True)
        ],
    )
    bench.budget(
        "cached notice through nginx / same-size static file through nginx (median of rounds)",
        bench.round_ratio(0, 1),
        CACHED_RATIO,
        at_least=True,
        digits=2,
    )
    bench.budget(
        "cached notice through gunicorn alone / its static file (median of rounds)",
        bench.round_ratio(2, 3),
        CACHED_RATIO,
        at_least=True,
        digits=2,
    )
    bench.check("no failed request under load", all(failed == 0 for __, failed in rates))
    bench.values["proxy"] = proxy


@figure(order=225)
def uncached_notice_throughput(bench) -> None:
    """The notice rendered on every request (page cache off), for reference: what a miss costs.

    One connection per worker: sync workers answer one request at a time, so more connections
    only queue, and at tens of milliseconds a render a queue of 16 outlasts wrk's two-second
    timeout on a busy machine and counts as failures that are only waiting. A request still
    unanswered after gunicorn's own worker timeout is a failure."""
    seconds = float(bench.site.env.get("BENCH_SECONDS", LOAD_SECONDS)) / 2
    workers = int(bench.site.env.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
    app = bench.gunicorn(workers=None, SELOSTE_PAGE_CACHE_SECONDS="0")
    ((rate, failed),) = bench.interleaved_rates(
        [app + NOTICE], seconds, rounds=2, headers=BROWSER, connections=workers, timeout=30
    )
    bench.show(
        f"notice rendered every time, gunicorn alone ({workers} workers, {workers} "
        f"connections): {rate:.0f} requests/s ({failed} failed)"
    )
    bench.check("no failed request rendering every time", failed == 0)


@figure(order=240)
def notice_bytes(bench) -> None:
    """The notice's HTML as it crosses the wire through nginx: plain, gzip, Brotli."""
    proxy = bench.values.get("proxy") or bench.proxy(bench.gunicorn(workers=None)).url
    sizes = {}
    for label, accept in (("uncompressed", "identity"), ("gzip", "gzip"), ("Brotli", "br")):
        get(proxy + NOTICE, headers={"Accept-Encoding": accept})  # fill the cache
        status, headers, body = get(proxy + NOTICE, headers={"Accept-Encoding": accept})
        assert status == 200, status
        sizes[label] = (
            len(body),
            headers.get("Content-Encoding", "-"),
            headers.get("X-Cache-Status"),
        )
    bench.table(
        ["notice HTML through nginx", "bytes", "Content-Encoding", "X-Cache-Status"],
        [[label, size, encoding, cached] for label, (size, encoding, cached) in sizes.items()],
        align="lrll",
    )
    bench.check(
        "compressed pages come from nginx's cache",
        all(sizes[label][2] == "HIT" for label in ("gzip", "Brotli")),
    )
    bench.budget("notice HTML gzip", sizes["gzip"][0], NOTICE_COMPRESSED_BYTES, " B")
    bench.budget("notice HTML Brotli", sizes["Brotli"][0], NOTICE_COMPRESSED_BYTES, " B")
