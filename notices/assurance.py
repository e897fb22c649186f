"""Editor assurance on the notice page: the completeness panel, versions, review and TILT routes.

`NoticeAssuranceMixin` gives PrivacyNoticePage its per-publish fields (change summary, material
change, review date) and its public routes: the version history, each earlier version at its
own address, and the notice as TILT JSON. Every publish is recorded as a `NoticeVersion`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import models
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.signals import page_published

from .checks import check_notice, last_reviewed

logger = logging.getLogger(__name__)

# The history's address in each content language; all resolve, the page's own is linked.
VERSIONS_SEGMENTS = {"fi": "versiot", "sv": "versioner", "en": "versions"}


class NoticeVersion(models.Model):
    """One published version of a notice, kept so readers can see what it said and when."""

    page = models.ForeignKey(
        "notices.PrivacyNoticePage",
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


class NoticePageForm(WagtailAdminPageForm):
    """Starts the per-publish fields empty, so last time's summary is not published again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk and not self.is_bound:
            from wagtail.models import Page

            ids = Page.objects.filter(pk=page.pk).values_list(
                "live_revision_id", "latest_revision_id"
            )
            live, latest = next(iter(ids), (None, None))
            # A draft saved after the last publish keeps what the editor typed.
            if live and live == latest:
                for name, empty in (("change_summary", ""), ("material_change", False)):
                    if name in self.fields:
                        self.initial[name] = empty


class CompletenessPanel(Panel):
    """Shows the completeness check's findings for the notice as last saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notices/admin/completeness_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            findings = check_notice(page) if page.pk else []
            context["is_saved"] = bool(page.pk)
            context["errors"] = [f for f in findings if f.is_error]
            context["warnings"] = [f for f in findings if not f.is_error]
            return context


class NoticeAssuranceMixin(RoutablePageMixin, models.Model):
    """Per-publish fields and the public routes for versions and the TILT export."""

    change_summary = models.TextField(
        _("summary of changes"),
        blank=True,
        help_text=_(
            "What changed in this version, in a sentence or two. Shown to readers in the "
            "version history when you publish."
        ),
    )
    material_change = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick if the change affects what visitors agreed to, for example new purposes or "
            "new recipients. Visitors are then asked for their cookie consent again."
        ),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "When someone last checked that the notice is still accurate. Publishing counts as "
            "a review; fill this in when you checked but nothing needed to change."
        ),
    )

    class Meta:
        abstract = True

    # -- routes ---------------------------------------------------------------------------------

    @path("")
    def notice(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("versiot/", name="versions")
    @path("versioner/", name="versions_sv")
    @path("versions/", name="versions_en")
    def version_list(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(
            request,
            "notices/notice_versions.html",
            {
                "page": self,
                "self": self,
                "versions": list(self.versions.all()),
                "versions_base": self.versions_url(),
            },
        )

    @path("versiot/<int:version_id>/", name="version")
    @path("versioner/<int:version_id>/", name="version_sv")
    @path("versions/<int:version_id>/", name="version_en")
    def version_detail(self, request: HttpRequest, version_id: int) -> HttpResponse:
        version = (
            self.versions.filter(pk=version_id).select_related("revision").first()
            or self._not_found()
        )
        if version.revision is None:
            raise Http404
        old = version.revision.as_object()
        # The revision was saved before it was published; show the date it took effect.
        old.last_published_at = version.published_at
        context = old.get_context(request)
        context.update(
            {
                "page": old,
                "self": old,
                "current_page": self,
                "shown_version": version,
                "versions_base": self.versions_url(),
            }
        )
        return TemplateResponse(request, self.get_template(request), context)

    # Wagtail serves only slash-terminated word segments, so no ".json" suffix here.
    @path("tilt/", name="tilt")
    def tilt_json(self, request: HttpRequest) -> HttpResponse:
        from .tilt import notice_to_tilt

        return JsonResponse(
            notice_to_tilt(self, request=request), json_dumps_params={"ensure_ascii": False}
        )

    @staticmethod
    def _not_found():
        raise Http404

    # -- helpers --------------------------------------------------------------------------------

    def versions_url(self) -> str:
        # The active language is the page's (i18n URL prefix) and costs no query.
        language = (translation.get_language() or "fi").split("-")[0]
        segment = VERSIONS_SEGMENTS.get(language, VERSIONS_SEGMENTS["fi"])
        return f"{self.url}{segment}/" if self.url else ""

    @property
    def tilt(self) -> dict:
        """The notice as TILT JSON, for the API."""
        from .tilt import notice_to_tilt

        return notice_to_tilt(self)

    def scheduled_change(self) -> dict | None:
        """The next version when one is scheduled to take effect; the live one stays until then."""
        if not self.has_unpublished_changes:
            return None  # scheduling always leaves unpublished changes; skip the query
        revision = self.scheduled_revision
        if revision is None or not revision.approved_go_live_at:
            return None
        if revision.approved_go_live_at <= timezone.now():
            return None
        return {
            "takes_effect": revision.approved_go_live_at,
            "summary": (revision.content or {}).get("change_summary") or "",
        }

    def reviewed_on(self):
        return last_reviewed(self)


@receiver(page_published)
def record_version(sender, instance, revision=None, **kwargs) -> None:
    """Every publish of a notice is a version; a material change asks visitors again."""
    if not isinstance(instance, NoticeAssuranceMixin) or not instance.live:
        return
    NoticeVersion.objects.create(
        page=instance,
        revision=revision,
        published_at=instance.last_published_at or timezone.now(),
        title=instance.title,
        change_summary=instance.change_summary or "",
        material_change=instance.material_change,
    )
    if instance.material_change:
        request_reconsent_for(instance, revision)
    # The flags belong to this publish only; the next one starts clean.
    if instance.material_change or instance.change_summary:
        type(instance).objects.filter(pk=instance.pk).update(
            material_change=False, change_summary=""
        )


def request_reconsent_for(page, revision) -> None:
    """Tell the cookies app the notice changed materially, so visitors are asked again.

    Translations carry the flag over from their source (wagtail-localize synchronises it), so
    publishing them the same day is the same change and does not ask visitors a second time.
    """
    from wagtail.models import Revision

    from cookies.consent import current_policy, request_reconsent

    _version, last_revision_id = current_policy()
    last = Revision.objects.filter(pk=last_revision_id).only("object_id", "created_at")
    last = last.first() if last_revision_id else None
    if last is not None and str(last.object_id) != str(page.pk):
        recent = last.created_at > timezone.now() - timedelta(days=1)
        translation_of_it = type(page).objects.filter(
            pk=last.object_id, translation_key=page.translation_key
        )
        if recent and translation_of_it.exists():
            return
    reason = page.change_summary or str(_("The privacy notice changed materially."))
    request_reconsent(reason, revision_id=revision.pk if revision else None)
