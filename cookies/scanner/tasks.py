"""The cookie scan in the task worker (`manage.py db_worker --backend seloste`), started from
the admin. It goes where Seloste's mail goes (SELOSTE_TASKS_BACKEND), never on a backend that
would run minutes of browsing inside an admin request."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task
from django_tasks.backends.immediate import ImmediateBackend

from .models import CookieScan
from .run import BrowserUnavailable, SiteUnreachable, run_scan

# Below mail and Wagtail's own work: a scan takes minutes, a queued mail should not wait.
SCAN_PRIORITY = -10


def scan_backend() -> str:
    """SELOSTE_TASKS_BACKEND ("seloste") when TASKS defines it, else the default backend."""
    alias = getattr(settings, "SELOSTE_TASKS_BACKEND", "seloste")
    return (
        alias if alias in (getattr(settings, "TASKS", None) or {}) else DEFAULT_TASK_BACKEND_ALIAS
    )


def has_worker() -> bool:
    """Whether a queued scan waits for a worker rather than running in the request."""
    return not isinstance(run_cookie_scan.get_backend(), ImmediateBackend)


@task(priority=SCAN_PRIORITY, backend=scan_backend())
def run_cookie_scan(scan_id: int) -> str:
    """Run one queued scan; its row says how it went, also when the browser is missing."""
    with transaction.atomic():
        scan = CookieScan.objects.select_for_update().filter(pk=scan_id).first()
        if scan is None or scan.status != CookieScan.Status.QUEUED:
            return "skipped"  # deleted, or already taken by another worker
        scan.status = CookieScan.Status.RUNNING
        scan.started_at = timezone.now()
        scan.save(update_fields=["status", "started_at"])
    try:
        run_scan(scan)
    except (BrowserUnavailable, SiteUnreachable):
        return CookieScan.Status.FAILED  # the row holds the message for the admin
    return CookieScan.Status.FINISHED
