from dataclasses import dataclass

from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .assurance import CompletenessPanel, NoticeAssuranceMixin, NoticePageForm, NoticeVersion
from .blocks import NoticeBodyBlock

# Rights requests live in their own modules; imported here so migrations see their models.
from .mail import OutboxMessage  # noqa: F401
from .render_cache import TIMEOUT as SECTIONS_CACHE_TIMEOUT
from .render_cache import sections_cache_key
from .requests import RateLimitEvent, RequestNote, RightsRequest  # noqa: F401
from .site_settings import RightsRequestSettings  # noqa: F401
from .snippets import ContactPerson, Organisation, SupervisoryAuthority

__all__ = [
    "ContactPerson",
    "NoticeVersion",
    "Organisation",
    "PrivacyNoticePage",
    "RightsRequestPage",
    "SupervisoryAuthority",
]


@dataclass
class NoticeSection:
    """One rendered section of a notice: where it is anchored and what its heading says."""

    anchor: str
    heading: str
    block_type: str
    child: object


class PrivacyNoticePage(NoticeAssuranceMixin, Page):
    """A privacy notice (tietosuojaseloste) for one register, built from structured sections.

    One page per register, so each processing activity has its own notice, contact person
    and request form.
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

    subpage_types = ["notices.RightsRequestPage"]
    template = "notices/privacy_notice_page.html"

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

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
        return [child.value for child in self.body if child.block_type == block_type]

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
    def rights_request_page(self):
        return RightsRequestPage.objects.child_of(self).live().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: on a hit of the rendered-sections cache the body is never even decoded.
        context["sections"] = SimpleLazyObject(lambda: self.sections)
        context["sections_cache_key"] = sections_cache_key(self, request)
        context["sections_cache_timeout"] = SECTIONS_CACHE_TIMEOUT
        context["rights_request_page"] = self.rights_request_page
        context["scheduled_change"] = self.scheduled_change()
        context.setdefault("versions_base", self.versions_url())
        return context


class RightsRequestPage(RoutablePageMixin, Page):
    """The form under a notice through which a data subject exercises their GDPR rights."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the form: what a reader can ask for here."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["notices.PrivacyNoticePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "notices/rights_request_page.html"

    class Meta:
        verbose_name = _("rights request page")
        verbose_name_plural = _("rights request pages")

    @cached_property
    def notice(self) -> PrivacyNoticePage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notice = self.notice
        context["notice"] = notice
        context["contact_person"] = notice.contact_person if notice else None
        return context

    # The form posts to the page itself; after a request is stored the visitor sees "sent/",
    # and the link in the verification mail opens "confirm/<token>/".
    @path("")
    def request_form(self, request):
        from .request_views import form_view

        return form_view(self, request)

    @path("sent/")
    def sent(self, request):
        from .request_views import sent_view

        return sent_view(self, request)

    @path("confirm/<str:token>/")
    def confirm(self, request, token: str):
        from .request_views import confirm_view

        return confirm_view(self, request, token)
