"""`make bench`: the figures of Seloste's performance budgets, measured in one run here.

Builds a scratch site (SQLite in a temporary folder, or DATABASE_URL's PostgreSQL) with the
demo under the production settings on loopback, then runs every figure of bench/figures/ in
order: each measures one thing, prints it and checks its budget. Prints PASS or FAIL for each
budget, again together at the end, and exits 1 on any failure. Timings are never asserted in
tests; this is where they are checked.

    make bench                               # everything
    make bench FIGURES=notice_render         # only these figures (comma-separated names)
"""

import datetime
import functools
import importlib
import os
import pkgutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures  # noqa: E402
from common import WRK, machine, requests_per_second, scratch_site, wrk_rate  # noqa: E402


class Bench:
    """What a figure gets: the scratch site, its servers, and the report."""

    def __init__(self, site) -> None:
        self.site = site
        self.checks: list[tuple[str, bool]] = []
        # Figures leave values for later ones here (the notice's size, …).
        self.values: dict[str, object] = {}
        self._django_ready = False
        self._servers: dict[tuple, str] = {}

    # --- the site -------------------------------------------------------------------------------

    def django(self) -> None:
        """Django set up in this process on the scratch site, page cache off (renders are
        measured uncached)."""
        if self._django_ready:
            return
        os.environ.update(self.site.env)
        os.environ["SELOSTE_PAGE_CACHE_SECONDS"] = "0"
        # The repository and site/, as manage.py has them: home/ is not an installed package.
        sys.path[:0] = self.site.env["PYTHONPATH"].split(os.pathsep)
        import django

        django.setup()
        self._django_ready = True

    def gunicorn(self, workers: int | None = 2, **env: str) -> str:
        """The base URL of gunicorn (gunicorn.conf.py; `workers=None` keeps its own count) with
        this environment; started once, kept for the figures after."""
        key = ("gunicorn", workers, tuple(sorted(env.items())))
        if key not in self._servers:
            self._servers[key] = self.site.start_gunicorn(workers=workers, **env)
        return self._servers[key]

    def proxy(self, upstream: str):
        """nginx (deploy/nginx/, loopback variant) in front of the gunicorn at `upstream`."""
        key = ("nginx", upstream)
        if key not in self._servers:
            self._servers[key] = self.site.start_nginx(upstream, name=f"nginx-{len(self._servers)}")
        return self._servers[key]

    def stop_servers(self) -> None:
        self.site.stop_proxies()
        for process in list(self.site.processes):
            self.site.stop(process)
        self._servers.clear()

    # --- measuring ------------------------------------------------------------------------------

    @property
    def load_tool(self) -> str:
        return "wrk, 2 threads, 16 keep-alive connections" if WRK else "Python, 2×4 clients"

    def interleaved_rates(
        self,
        urls: list[str],
        seconds: float,
        rounds: int = 4,
        headers: dict | None = None,
        **load: float,
    ) -> list[tuple[float, int]]:
        """Requests per second (and failures) of each URL, measured in alternating rounds so a
        slower or faster spell of a shared machine falls on all of them alike. wrk when it is
        installed (make bench installs it), else the Python load generator. Each round's rates
        are kept in `self.rounds` for ratios taken round by round (see `round_ratio`). `load`
        goes to wrk (connections, timeout)."""
        if WRK:
            measure = functools.partial(wrk_rate, **load)
        else:
            measure = requests_per_second
        self.rounds = []
        for _round in range(rounds):
            self.rounds.append([measure(url, seconds / rounds, headers=headers) for url in urls])
        return [
            (
                statistics.mean(r[index][0] for r in self.rounds),
                sum(r[index][1] for r in self.rounds),
            )
            for index in range(len(urls))
        ]

    def round_ratio(self, first: int, second: int) -> float:
        """The median over the last measurement's rounds of rate[first] / rate[second]: the two
        were measured seconds apart, so a burst of the machine's other work moves one round,
        not the figure."""
        return statistics.median(r[first][0] / r[second][0] for r in self.rounds)

    # --- the report -----------------------------------------------------------------------------

    def show(self, text: str = "") -> None:
        print(text, flush=True)

    def table(self, headers: list[str], rows: list[list], align: str = "") -> None:
        """A Markdown table (so the docs can take it as printed); align "lr…" per column."""
        align = align or "l" + "r" * (len(headers) - 1)
        self.show()
        self.show("| " + " | ".join(headers) + " |")
        self.show("| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |")
        for row in rows:
            self.show("| " + " | ".join(str(cell) for cell in row) + " |")
        self.show()

    def check(self, label: str, ok: bool) -> bool:
        self.checks.append((label, ok))
        self.show(f"{'PASS' if ok else 'FAIL'}  {label}")
        return ok

    def budget(
        self,
        label: str,
        value: float,
        limit: float,
        unit: str = "",
        at_least: bool = False,
        digits: int = 1,
    ) -> bool:
        """PASS when value ≤ limit (or ≥ with at_least), printed with both numbers."""
        ok = value >= limit if at_least else value <= limit
        sign = "≥" if at_least else "≤"
        shown = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
        return self.check(f"{label} {sign} {limit}{unit} ({shown}{unit})", ok)


def load_figures() -> list[figures.Figure]:
    for module in pkgutil.iter_modules(figures.__path__):
        importlib.import_module(f"figures.{module.name}")
    wanted = {name.strip() for name in os.environ.get("FIGURES", "").split(",") if name.strip()}
    chosen = [f for f in figures.REGISTRY if not wanted or f.name in wanted]
    unknown = wanted - {f.name for f in figures.REGISTRY}
    if unknown:
        raise SystemExit(f"no such figure: {', '.join(sorted(unknown))}")
    return sorted(chosen, key=lambda f: f.order)


def main() -> int:
    chosen = load_figures()
    print(f"Seloste bench {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    with scratch_site(database_url=os.environ.get("DATABASE_URL")) as site:
        site.prepare()
        bench = Bench(site)
        try:
            for entry in chosen:
                print(f"\n## {entry.name}", flush=True)
                entry.measure(bench)
        finally:
            bench.stop_servers()
    print("\n## budgets")
    for label, ok in bench.checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return 0 if all(ok for __, ok in bench.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
