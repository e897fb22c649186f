"""Data-subject rights requests: the form page under a notice, what was asked, by whom, of which
notice and by when, and the settings of the privacy team.

A request row is written before anything else is tried (mail, logging), so whatever fails later
the request is never lost. Deadlines follow GDPR Art. 12(3): one calendar month from receipt,
extendable once by two further months.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page
from wagtail.search import index

from .deadlines import add_months, local_date

# How long a requester has to confirm their address before the link stops working.
VERIFICATION_DAYS = 7


class RequestType(models.TextChoices):
    ACCESS = "access", _("Access to my data (Art. 15)")
    RECTIFICATION = "rectification", _("Rectification of my data (Art. 16)")
    ERASURE = "erasure", _("Erasure of my data (Art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (Art. 18)")
    PORTABILITY = "portability", _("Data portability (Art. 20)")
    OBJECTION = "objection", _("Objection to processing (Art. 21(1))")
    DIRECT_MARKETING = "direct_marketing", _("Objection to direct marketing (Art. 21(2))")
    WITHDRAW_CONSENT = "withdraw_consent", _("Withdrawal of consent (Art. 7(3))")
    OTHER = "other", _("Other question or request")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Email verified")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.VERIFIED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.EXTENDED,
)
CLOSED_STATUSES = (RequestStatus.COMPLETED, RequestStatus.REFUSED)
REQUEST_TYPE_LABELS = dict(RequestType.choices)
REQUEST_STATUS_LABELS = dict(RequestStatus.choices)

# Which status a handler may move a request to from each status. Verification by the
# requester's link is not a handler's choice but is allowed here so staff who confirm an
# identity by other means can record it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RequestStatus.RECEIVED: (
        RequestStatus.VERIFIED,
        RequestStatus.IN_PROGRESS,
        RequestStatus.EXTENDED,
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
    ),
    RequestStatus.VERIFIED: (
        RequestStatus.IN_PROGRESS,
        RequestStatus.EXTENDED,
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
    ),
    RequestStatus.IN_PROGRESS: (
        RequestStatus.EXTENDED,
        RequestStatus.COMPLETED,
        RequestStatus.REFUSED,
    ),
    RequestStatus.EXTENDED: (RequestStatus.COMPLETED, RequestStatus.REFUSED),
    RequestStatus.COMPLETED: (),
    RequestStatus.REFUSED: (),
}


class RightsRequestQuerySet(models.QuerySet):
    def open(self) -> "RightsRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> "RightsRequestQuerySet":
        today = today or local_date(timezone.now())
        return self.open().filter(deadline__lt=today)


class RightsRequest(index.Indexed, models.Model):
    """One request made through a notice's form, routed to the notice's contact person."""

    request_type = models.CharField(_("request type"), max_length=32, choices=RequestType.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    # The mailbox the address reaches (no case, spaces or +tag): repeats and limits use it.
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("request"), max_length=5000)
    language = models.CharField(_("language"), max_length=10, default="fi")

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    original_deadline = models.DateField(_("original deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
    )

    notice = models.ForeignKey(
        "seloste_notices.PrivacyNoticePage",
        verbose_name=_("notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("notice revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_title = models.CharField(_("notice title"), max_length=255, blank=True)
    contact_person = models.ForeignKey(
        "seloste_notices.ContactPerson",
        verbose_name=_("routed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_requests",
    )
    # A copy of where the request went, so deleting or editing the snippet later does not
    # rewrite history.
    routed_to_email = models.EmailField(_("routed to email"), blank=True)

    # Half of the verification link; the link itself is signed with SECRET_KEY and made only
    # when its mail is sent, so nothing stored in the database can confirm a request.
    verification_nonce = models.CharField(max_length=64, blank=True, editable=False)
    verification_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the link was last queued to the requester (a repeat may queue it once more).
    verification_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("email verified"), null=True, blank=True)

    extension_reason = models.TextField(_("reason for extension"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    week_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    deadline_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    outbox_messages = GenericRelation(
        "seloste_outbox.OutboxMessage",
        content_type_field="about_type",
        object_id_field="about_id",
        related_query_name="rights_request",
    )

    objects = RightsRequestQuerySet.as_manager()

    # The inbox's search: Wagtail's search index (full-text tables with their own indexes on
    # SQLite and PostgreSQL), so finding a name or an address never scans every request.
    search_fields = [
        index.AutocompleteField("name"),
        index.AutocompleteField("email"),
        index.AutocompleteField("message"),
        index.FilterField("status"),
        index.FilterField("request_type"),
        index.FilterField("deadline"),
        index.FilterField("received_at"),
    ]

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["-received_at", "-pk"]
        # Each of the inbox's lists read from an index: by status or type newest first, open
        # requests by deadline (overdue, the dashboard), besides repeats by mailbox.
        indexes = [
            models.Index(fields=["email_key", "request_type", "received_at"]),
            models.Index(fields=["status", "received_at"], name="rights_status_received"),
            models.Index(fields=["request_type", "received_at"], name="rights_type_received"),
            models.Index(fields=["status", "deadline"], name="rights_status_deadline"),
        ]

    def __str__(self) -> str:
        # No personal data: this label appears in the audit log and admin breadcrumbs.
        return f"#{self.pk} {self.get_request_type_display()}"

    def save(self, *args, **kwargs) -> None:
        from .limits import normalise_email  # limits counts these models' rows

        self.email_key = normalise_email(self.email) if self.email else ""
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_key"}
        if not self.deadline:
            self.original_deadline = add_months(local_date(self.received_at), 1)
            self.deadline = self.original_deadline
        super().save(*args, **kwargs)

    # Django's own get_FOO_display makes its choices hashable on every call; the inbox and
    # its exports call these for every row.
    def get_request_type_display(self) -> str:
        return str(REQUEST_TYPE_LABELS.get(self.request_type, self.request_type))

    def get_status_display(self) -> str:
        return str(REQUEST_STATUS_LABELS.get(self.status, self.status))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (negative when overdue); None once the request is closed."""
        if not self.is_open:
            return None
        return (self.deadline - local_date(timezone.now())).days

    @property
    def is_overdue(self) -> bool:
        days = self.days_left
        return days is not None and days < 0

    def allowed_transitions(self) -> tuple[str, ...]:
        allowed = TRANSITIONS.get(self.status, ())
        if RequestStatus.EXTENDED in allowed and not self.can_extend():
            allowed = tuple(s for s in allowed if s != RequestStatus.EXTENDED)
        return allowed

    def can_extend(self) -> bool:
        """Art. 12(3): once, and the requester must hear of it within the first month."""
        return (
            self.is_open
            and not self.extension_reason
            and local_date(timezone.now()) <= self.original_deadline
        )

    def start_verification(self) -> None:
        """A fresh nonce for the link and seven days to use it."""
        self.verification_nonce = secrets.token_urlsafe(24)
        self.verification_expires_at = timezone.now() + datetime.timedelta(days=VERIFICATION_DAYS)

    def nonce_matches(self, nonce: str) -> bool:
        return bool(self.verification_nonce) and secrets.compare_digest(
            self.verification_nonce, nonce
        )

    def send_time_value(self, name: str) -> str:
        """What the outbox fills into a mail as it sends it and never stores: the link's token."""
        from .tokens import verification_token  # tokens sign these models' fields

        if name == "verification_token" and self.verification_nonce:
            return verification_token(self)
        raise LookupError(name)


class RequestNote(models.Model):
    """An internal note by whoever handles the request; never shown to the requester."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=5000)
    # True when the requester sent the same request again and their new text was kept here.
    from_requester = models.BooleanField(_("sent again by the requester"), default=False)
    # A repeat speaks for the requester only once the request's link confirms the address.
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("request note")
        verbose_name_plural = _("request notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note {self.pk} on request {self.request_id}"


class RateLimitEvent(models.Model):
    """One submission counted against a rate limit, kept in the database so every app server
    sees the same counts. The key is a keyed hash: no IP address or email is stored here."""

    scope = models.CharField(max_length=20)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "created_at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


class RightsRequestPage(RoutablePageMixin, Page):
    """The form under a notice through which a data subject exercises their GDPR rights."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the form: what a reader can ask for here."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["seloste_notices.PrivacyNoticePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "notices/rights/request_page.html"

    class Meta:
        verbose_name = _("rights request page")
        verbose_name_plural = _("rights request pages")

    @cached_property
    def notice(self):
        """The notice this form belongs to: its contact person receives the requests."""
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notice = self.notice
        context["notice"] = notice
        context["contact_person"] = notice.contact_person if notice else None
        context["retention_months"] = RightsRequestSettings.for_request(request).retention_months
        return context

    # The form posts to the page itself; after a request is stored the visitor sees "sent/",
    # and the link in the verification mail opens "confirm/<token>/".
    @path("")
    def request_form(self, request: HttpRequest) -> HttpResponse:
        from . import views  # views use these models

        return views.form_view(self, request)

    @path("sent/")
    def sent(self, request: HttpRequest) -> HttpResponse:
        from . import views  # views use these models

        return views.sent_view(self, request)

    @path("confirm/<str:token>/")
    def confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        from . import views  # views use these models

        return views.confirm_view(self, request, token)


@register_setting(icon="mail")
class RightsRequestSettings(BaseSiteSetting):
    """Where copies of rights requests go, and how long closed requests are kept."""

    extra_inbox = models.EmailField(
        _("extra inbox"),
        blank=True,
        help_text=_(
            "Optional. Every new rights request is also sent here, for example to a shared "
            "privacy mailbox, in addition to the contact person named in the notice."
        ),
    )
    retention_months = models.PositiveIntegerField(
        _("keep closed requests for (months)"),
        default=36,
        help_text=_(
            "After this many months, the personal data of completed or refused requests is "
            "removed. An anonymous record of the request stays for accountability."
        ),
    )

    panels = [FieldPanel("extra_inbox"), FieldPanel("retention_months")]

    class Meta:
        verbose_name = _("rights requests")
