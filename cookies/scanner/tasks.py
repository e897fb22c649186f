"""The cookie scan in the task worker (`manage.py db_worker`), started from the admin."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import CookieScan
from .run import BrowserUnavailable, run_scan

# Below mail and Wagtail's own work: a scan takes minutes, a queued mail should not wait.
SCAN_PRIORITY = -10


@task(priority=SCAN_PRIORITY)
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
    except BrowserUnavailable:
        return CookieScan.Status.FAILED  # the row holds the message for the admin
    return CookieScan.Status.FINISHED
