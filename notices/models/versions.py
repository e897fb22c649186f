"""Every published version of a notice, kept so readers can see what it said and when."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeVersion(models.Model):
    """One published version of a notice, kept so readers can see what it said and when."""

    page = models.ForeignKey(
        "seloste_notices.PrivacyNoticePage",
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("notice"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    change_summary = models.TextField(_("summary of changes"), blank=True)
    material_change = models.BooleanField(_("material change"), default=False)

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_at:%Y-%m-%d})"
