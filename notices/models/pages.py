"""The privacy notice page: one register's notice, built from typed sections."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import views
from ..blocks import NoticeBodyBlock
from ..checks import last_reviewed
from ..forms import NoticePageForm
from ..panels import CompletenessPanel
from ..render_cache import TIMEOUT as SECTIONS_CACHE_TIMEOUT
from ..render_cache import sections_cache_key
from ..tilt import notice_to_tilt
from .snippets import ContactPerson, Organisation

# The history's address in each content language; all resolve, the page's own is linked.
VERSIONS_SEGMENTS = {"fi": "versiot", "sv": "versioner", "en": "versions"}


@dataclass
class NoticeSection:
    """One rendered section of a notice: where it is anchored and what its heading says."""

    anchor: str
    heading: str
    block_type: str
    child: object


class PrivacyNoticePage(RoutablePageMixin, Page):
    """A privacy notice (tietosuojaseloste) for one register, built from structured sections.

    One page per register, so each processing activity has its own notice, contact person
    and request form. Besides the notice itself it serves its version history, each earlier
    version at its own address, and the notice as TILT JSON; every publish is recorded as a
    `NoticeVersion` (see `notices.publishing`).
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph at the top: whose data this notice is about and why."),
    )
    body = StreamField(
        NoticeBodyBlock(),
        verbose_name=_("sections"),
        help_text=_("Add a section for each topic. The checks tell you if something is missing."),
    )
    # Per-publish fields: emptied after each publish so the next starts clean.
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

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_(
                "Build the notice from sections. Each section has a standard heading in the "
                "page's language; write your own heading only if you need a different one."
            )
        ),
        CompletenessPanel(heading=_("Completeness check"), icon="tasks"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("change_summary"),
                FieldPanel("material_change"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("This version"),
            icon="history",
            # The editor script asks for these in the publish dialog.
            classname="seloste-this-version",
        ),
    ]
    base_form_class = NoticePageForm
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("first_published_at"),
        APIField("last_published_at"),
        APIField("tilt"),
    ]

    # The rights-request sub-app adds its page here when it is installed.
    subpage_types: list[str] = []
    template = "notices/privacy_notice_page.html"

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    # -- content ------------------------------------------------------------------------------

    @cached_property
    def sections(self) -> list[NoticeSection]:
        """The body's sections with unique anchors, for the page and its table of contents."""
        sections: list[NoticeSection] = []
        seen: dict[str, int] = {}
        for child in self.body:
            anchor = child.block.anchor(child.value)
            seen[anchor] = seen.get(anchor, 0) + 1
            if seen[anchor] > 1:
                anchor = f"{anchor}-{seen[anchor]}"
            sections.append(
                NoticeSection(
                    anchor=anchor,
                    heading=child.block.heading_text(child.value),
                    block_type=child.block_type,
                    child=child,
                )
            )
        return sections

    def blocks_of_type(self, block_type: str) -> list:
        # Only sections of this type are converted: the snippets other sections choose are not
        # looked up (a request form's POST wants the contact person and nothing else).
        return [child.value for child in self.body.blocks_by_name(block_type)]

    @property
    def contact_person(self) -> ContactPerson | None:
        """The person named in the notice's contact section; requests are routed to them."""
        for value in self.blocks_of_type("contact_person"):
            if value.get("person"):
                return value["person"]
        return None

    @property
    def controller(self) -> Organisation | None:
        for value in self.blocks_of_type("controller"):
            if value.get("organisation"):
                return value["organisation"]
        return None

    @cached_property
    def rights_request_page(self) -> Page | None:
        """The live request form under this notice; None without the rights sub-app."""
        if not apps.is_installed("notices.rights"):
            return None
        request_page_model = apps.get_model("seloste_rights", "RightsRequestPage")
        return request_page_model.objects.child_of(self).live().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: on a hit of the rendered-sections cache the body is never even decoded.
        context["sections"] = SimpleLazyObject(lambda: self.sections)
        context["sections_cache_key"] = sections_cache_key(self, request)
        context["sections_cache_timeout"] = SECTIONS_CACHE_TIMEOUT
        context["rights_request_page"] = self.rights_request_page
        context["scheduled_change"] = self.scheduled_change()
        context.setdefault("versions_base", self.versions_url())
        context["fallback"] = self.untranslated_texts()
        return context

    def untranslated_texts(self) -> dict:
        """{"language", "texts"}: what this translation still shows in its original's words.

        Whoever tracks translations (the drift sub-app) answers through the
        "seloste_untranslated_texts" hook; without one, nothing is marked.
        """
        for hook in hooks.get_hooks("seloste_untranslated_texts"):
            found = hook(self)
            if found:
                return found
        return {}

    # -- routes: the views live in notices/views.py -------------------------------------------

    @path("")
    def notice(self, request: HttpRequest) -> HttpResponse:
        return self.render(request)

    @path("versiot/", name="versions")
    @path("versioner/", name="versions_sv")
    @path("versions/", name="versions_en")
    def version_list(self, request: HttpRequest) -> HttpResponse:
        return views.version_list(self, request)

    @path("versiot/<int:version_id>/", name="version")
    @path("versioner/<int:version_id>/", name="version_sv")
    @path("versions/<int:version_id>/", name="version_en")
    def version_detail(self, request: HttpRequest, version_id: int) -> HttpResponse:
        return views.version_detail(self, request, version_id)

    # Wagtail serves only slash-terminated word segments, so no ".json" suffix here.
    @path("tilt/", name="tilt")
    def tilt_json(self, request: HttpRequest) -> HttpResponse:
        return views.tilt_json(self, request)

    # -- versions and review ------------------------------------------------------------------

    def versions_url(self) -> str:
        # The active language is the page's (i18n URL prefix) and costs no query.
        language = (translation.get_language() or "fi").split("-")[0]
        segment = VERSIONS_SEGMENTS.get(language, VERSIONS_SEGMENTS["fi"])
        return f"{self.url}{segment}/" if self.url else ""

    @property
    def tilt(self) -> dict:
        """The notice as TILT JSON, for the API."""
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
