from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A scan older than this is out of date: the dashboard says so.
FRESH_FOR = timedelta(days=30)


class CookieScan(models.Model):
    """One run of the cookie scan: who asked, when, against which address, and what it found
    (the same result `scan_cookies --json` writes)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the task worker")
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("could not run")

    class Source(models.TextChoices):
        ADMIN = "admin", _("admin")
        COMMAND = "command", _("scan_cookies command")

    base_url = models.URLField(_("address"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    source = models.CharField(_("started from"), max_length=10, choices=Source.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    page_limit = models.PositiveIntegerField(_("page limit"))
    pages_visited = models.PositiveIntegerField(_("pages visited"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    complete = models.BooleanField(_("every page visited"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cookie scan")
        verbose_name_plural = _("cookie scans")

    def __str__(self) -> str:
        return f"{self.base_url} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_clean(self) -> bool:
        return self.status == self.Status.FINISHED and not self.problem_count

    @property
    def is_stale(self) -> bool:
        when = self.finished_at or self.created_at
        return timezone.now() - when > FRESH_FOR

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
