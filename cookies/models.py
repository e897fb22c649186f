"""What django-cookie-consent lacks: the consent policy version, richer declarations, proof."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """One row per request to ask every visitor again; the newest row is the version in force.

    A consent given under an older version no longer counts, so the banner asks again.
    """

    reason = models.CharField(_("reason"), max_length=255)
    notice_revision_id = models.PositiveBigIntegerField(
        _("notice revision"),
        null=True,
        blank=True,
        help_text=_("The revision of the privacy notice that made this change, if any."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("consent policy version")
        verbose_name_plural = _("consent policy versions")

    def __str__(self) -> str:
        return f"{self.pk}: {self.reason}"
