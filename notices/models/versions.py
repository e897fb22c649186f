"""Every published version of a notice, kept so readers can see what it said and when.

A version is frozen when it is published: the rendered sections, with the contact details,
authority and cookie declarations in force then, are stored as they were shown, so later edits
of those records never change what an old version says.
"""

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
    # What readers saw, stored at publishing (notices.publishing.freeze_version).
    language = models.CharField(_("language"), max_length=16, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    sections_html = models.TextField(_("sections as published"), blank=True, editable=False)
    record = models.JSONField(
        _("records in force"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The contact details, authority and cookie declarations the version named."),
    )

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_at:%Y-%m-%d})"

    @property
    def is_frozen(self) -> bool:
        return bool(self.sections_html)

    @classmethod
    def for_revision(cls, revision_id: int | None) -> "NoticeVersion | None":
        """The version published from `revision_id` (what a consent record names), if any."""
        if not revision_id:
            return None
        return cls.objects.filter(revision_id=revision_id).select_related("page").first()

    def get_url(self) -> str:
        """The version's public address under its notice, in the notice's language."""
        from django.utils import translation

        page = self.page
        with translation.override(self.language or page.locale.language_code):
            base = page.versions_url()
        return f"{base}{self.pk}/" if base else ""
