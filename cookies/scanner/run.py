"""A whole scan: pages from the database, four visitors in the browser, the comparison with
the declarations, the result stored. The command and the task worker both run this."""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from . import conf
from .comparison import Comparison, Problem, compare, load_declarations, load_providers
from .models import CookieScan
from .pages import Target, origin_of, scan_targets
from .visitors import (
    BrowserUnavailable,
    Browsing,
    Options,
    SiteMovedAway,
    SiteUnreachable,
    browse,
)

__all__ = [
    "BrowserUnavailable",
    "ScanResult",
    "SiteMovedAway",
    "SiteUnreachable",
    "run_scan",
    "scan",
]


@dataclass
class ScanResult:
    base_url: str
    targets: list[Target]
    browsing: Browsing
    comparison: Comparison
    started_at: str
    finished_at: str

    @property
    def problems(self):
        return self.comparison.problems

    @property
    def complete(self) -> bool:
        return not self.browsing.skipped

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def to_dict(self) -> dict:
        return {
            "base_url": self.base_url,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": round(self.browsing.seconds, 1),
            "clean": not self.problems,
            "exit_code": self.exit_code,
            "complete": self.complete,
            "pages": [target.to_dict() for target in self.targets],
            "skipped_pages": self.browsing.skipped,
            "recordings": [recording.to_dict() for recording in self.browsing.recordings],
            **self.comparison.to_dict(),
        }


def scan(
    base_url: str,
    limit: int | None = None,
    time_budget: float | None = None,
    stop: threading.Event | None = None,
) -> ScanResult:
    """Scan the site at `base_url` as the four visitors. Raises BrowserUnavailable."""
    origin = origin_of(base_url)
    started_at = timezone.now().isoformat()
    # Everything from the database first: the browser's thread touches none of it.
    targets = scan_targets(origin, conf.page_limit() if limit is None else limit)
    declarations = load_declarations()
    providers = load_providers()
    options = Options(
        chromium=conf.chromium_path(),
        own_hosts=conf.own_hosts(),
        time_budget=conf.time_budget() if time_budget is None else time_budget,
        locale=translation.to_locale(settings.LANGUAGE_CODE).replace("_", "-"),
    )
    browsing = browse(targets, origin, options, stop=stop)
    comparison = compare(browsing.recordings, declarations, providers)
    if browsing.skipped:
        # Pages nobody visited prove nothing: a scan cut short is not a clean one.
        comparison.problems.append(
            Problem(
                "not_visited",
                "page",
                browsing.skipped[0],
                [recording.visitor for recording in browsing.recordings],
                browsing.skipped[0],
                {"pages": len(browsing.skipped)},
            )
        )
    return ScanResult(
        base_url=origin,
        targets=targets,
        browsing=browsing,
        comparison=comparison,
        started_at=started_at,
        finished_at=timezone.now().isoformat(),
    )


def run_scan(record: CookieScan, time_budget: float | None = None) -> ScanResult | None:
    """Run the scan a `CookieScan` row asks for and store what it found (or why it could not
    run) in that row."""
    record.status = CookieScan.Status.RUNNING
    record.started_at = record.started_at or timezone.now()
    record.save(update_fields=["status", "started_at"])
    try:
        result = scan(record.base_url, limit=record.page_limit, time_budget=time_budget)
    except (BrowserUnavailable, SiteUnreachable) as error:
        fail(record, str(error))
        raise
    except Exception as error:
        fail(record, f"{type(error).__name__}: {error}")
        raise
    record.status = CookieScan.Status.FINISHED
    record.finished_at = timezone.now()
    record.pages_visited = result.browsing.visited
    record.problem_count = len(result.problems)
    record.complete = result.complete
    record.result = result.to_dict()
    record.save()
    return result


def fail(record: CookieScan, message: str) -> None:
    record.status = CookieScan.Status.FAILED
    record.finished_at = timezone.now()
    record.error = message
    record.save(update_fields=["status", "finished_at", "error"])
