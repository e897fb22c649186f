"""Throughput of the cached notice beside a static file of the same size from the same server."""

from pathlib import Path

from common import get

from . import figure
from .pages import NOTICE

LOAD_SECONDS = 8.0
CACHED_RATIO = 0.8


def same_size_static(bench) -> str:
    """The notice's own HTML as a static file (so size and compression are alike), written
    into the collected static files before any server starts; its URL."""
    target = Path(bench.site.env["DJANGO_STATIC_ROOT"]) / "bench" / "notice.html"
    if not target.exists():
        base = bench.gunicorn(SELOSTE_PAGE_CACHE_SECONDS="0")
        __, __, html = get(base + NOTICE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html)
        # WhiteNoise reads the static folder when it starts: the servers from now on see it.
        bench.stop_servers()
    return "/static/bench/notice.html"


@figure(order=220)
def gunicorn_throughput(bench) -> None:
    """Requests per second for the notice under gunicorn (gunicorn.conf.py, two workers),
    without and with the page cache, beside the same-size static file from the same server."""
    static = same_size_static(bench)
    seconds = float(bench.site.env.get("BENCH_SECONDS", LOAD_SECONDS))
    rows = []
    rates = {}
    for cached in (False, True):
        base = bench.gunicorn(SELOSTE_PAGE_CACHE_SECONDS="60" if cached else "0")
        (notice, notice_failed), (file, file_failed) = bench.interleaved_rates(
            [base + NOTICE, base + static], seconds
        )
        what = "page cache" if cached else "no page cache"
        rows.append([f"notice, {what}", f"{notice:.0f}", notice_failed])
        rows.append([f"static file, same size ({what} server)", f"{file:.0f}", file_failed])
        rates[cached] = (notice, file, notice_failed + file_failed)
        bench.stop_servers()
    bench.table(
        [
            f"gunicorn, 2 workers, {seconds:.0f} s each in 4 alternating rounds",
            "requests/s",
            "failed",
        ],  # fmt: skip
        rows,
    )
    notice, file, __ = rates[True]
    bench.budget(
        f"cached notice through gunicorn alone / static file ({notice:.0f} / {file:.0f})",
        notice / file,
        CACHED_RATIO,
        at_least=True,
        digits=2,
    )
    bench.check("no failed request under load", all(r[2] == 0 for r in rates.values()))
