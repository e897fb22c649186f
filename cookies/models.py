"""What django-cookie-consent lacks: the consent policy version, richer declarations, proof."""

from datetime import UTC, datetime

from cookie_consent.models import Cookie, CookieGroup
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .texts import active_language, translated, translation_panels, translations_form


def translations_field():
    """Texts in the content languages other than the default one (see cookies/texts.py)."""
    return models.JSONField(_("translations"), default=dict, blank=True, editable=False)


def installed_field():
    """Set by prepare_seloste on what it created, so uninstall_seloste removes only that."""
    return models.BooleanField(_("installed by Seloste"), default=False, editable=False)


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


class DeclaredCookieGroup(CookieGroup):
    """A django-cookie-consent group with its name and description in every site language.

    Multi-table inheritance keeps the library's own table (and so its views, cache and
    cookie format) untouched; the library's `name` and `description` hold the text in the
    site's default language, `translations` the others.
    """

    translations = translations_field()
    installed_by_seloste = installed_field()

    base_form_class = translations_form(
        "DeclaredCookieGroup",
        {"name": (forms.CharField, False), "description": (forms.CharField, True)},
    )
    panels = [
        FieldPanel("varname"),
        translation_panels("name", _("Name"), default_field="name"),
        translation_panels("description", _("Description"), default_field="description"),
        FieldPanel("is_required"),
        FieldPanel("is_deletable"),
        FieldPanel("ordering"),
    ]

    class Meta:
        verbose_name = _("cookie group")
        verbose_name_plural = _("cookie groups")
        ordering = ["ordering", "varname"]

    def localized_name(self) -> str:
        return translated(self, "name")

    def localized_description(self) -> str:
        return translated(self, "description")


# Older than any real declaration, so a draft never becomes its group's newest cookie.
DRAFT_CREATED = datetime(2000, 1, 1, tzinfo=UTC)


class DeclaredCookie(Cookie):
    """A django-cookie-consent cookie with what a privacy notice must tell about it."""

    class DurationUnit(models.TextChoices):
        SESSION = "session", _("until the browser is closed")
        MINUTES = "minutes", _("minutes")
        HOURS = "hours", _("hours")
        DAYS = "days", _("days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")
        PERSISTENT = "persistent", _("until deleted")

    class Storage(models.TextChoices):
        """Where the browser keeps it: withdrawal clears each from its own place."""

        COOKIE = "cookie", _("cookie")
        LOCAL = "local", _("local storage")
        SESSION = "session", _("session storage")

    storage = models.CharField(
        _("kept in"),
        max_length=10,
        choices=Storage.choices,
        default=Storage.COOKIE,
        help_text=_(
            "A cookie, or a key in the browser's local or session storage. Withdrawing consent "
            "deletes each from where it is kept."
        ),
    )
    provider = models.CharField(
        _("provider"),
        max_length=200,
        blank=True,
        help_text=_("Who sets the cookie, e.g. the site itself or Google Ireland Limited."),
    )
    translations = translations_field()
    duration_value = models.PositiveIntegerField(_("duration"), null=True, blank=True)
    duration_unit = models.CharField(
        _("duration unit"),
        max_length=10,
        choices=DurationUnit.choices,
        default=DurationUnit.DAYS,
        help_text=_("A session cookie, and storage kept until deleted, need no number."),
    )
    is_third_party = models.BooleanField(
        _("third-party cookie"),
        default=False,
        help_text=_("Set by or sent to someone other than this site."),
    )
    transferred_outside_eea = models.BooleanField(
        _("data transferred outside the EU/EEA"),
        default=False,
        help_text=_("The data the cookie collects may be processed outside the EU/EEA."),
    )
    live = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Visitors see only published declarations, and only they count in a cookie scan. "
            "Publishing a new cookie asks the visitors who accepted its group again."
        ),
    )

    base_form_class = translations_form("DeclaredCookie", {"purpose": (forms.CharField, True)})
    panels = [
        FieldPanel("live"),
        FieldPanel("cookiegroup"),
        FieldPanel("storage"),
        FieldPanel(
            "name",
            help_text=_(
                "The exact name, or the name with what varies in angle brackets, e.g. "
                "_ga_<container-id>: everything from the bracket on may differ."
            ),
        ),
        FieldPanel("provider"),
        translation_panels("purpose", _("Purpose"), default_field="description"),
        FieldRowPanel([FieldPanel("duration_value"), FieldPanel("duration_unit")]),
        FieldPanel("is_third_party"),
        FieldPanel("transferred_outside_eea"),
        FieldPanel("domain"),
        FieldPanel("path"),
    ]

    class Meta:
        verbose_name = _("cookie")
        verbose_name_plural = _("cookies")
        ordering = ["cookiegroup__ordering", "name"]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._was_live = instance.live
        return instance

    def save(self, *args, **kwargs) -> None:
        adding_draft = self._state.adding and not self.live
        if self.live and getattr(self, "_was_live", True) is False:
            self.created = timezone.now()  # published now: the group's version moves on
        if not adding_draft:
            super().save(*args, **kwargs)
        else:
            # django-cookie-consent versions a group by its newest cookie; a draft must not
            # make the banner ask again before anyone has seen what it declares. The
            # library's `created` is set on insert whatever we give, hence the update, in
            # one transaction so no visitor's page is built from the moment between.
            with transaction.atomic():
                super().save(*args, **kwargs)
                Cookie.objects.filter(pk=self.pk).update(created=DRAFT_CREATED)
            self.created = DRAFT_CREATED
        self._was_live = self.live

    def clean(self) -> None:
        super().clean()
        without_number = (self.DurationUnit.SESSION, self.DurationUnit.PERSISTENT)
        if self.duration_unit not in without_number and not self.duration_value:
            raise ValidationError(
                {"duration_value": _("Give the duration, or choose “until the browser is closed”.")}
            )

    def localized_purpose(self) -> str:
        return translated(self, "purpose", default_field="description")

    def duration_display(self) -> str:
        """The lifetime in the active language, e.g. "2 vuotta"."""
        n = self.duration_value or 0
        match self.duration_unit:
            case self.DurationUnit.SESSION:
                return gettext("until the browser is closed")
            case self.DurationUnit.PERSISTENT:
                return gettext("until deleted")
            case self.DurationUnit.MINUTES:
                return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
            case self.DurationUnit.HOURS:
                return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
            case self.DurationUnit.MONTHS:
                return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
            case self.DurationUnit.YEARS:
                return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}
        return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


class ExternalMediaProvider(models.Model):
    """A service whose content pages embed (a video, a map): it loads only with its group's
    consent, and until then the embed is a placeholder that says who it is and where data go.

    The cookies and storage keys it sets are declared in its cookie group like any others.
    """

    cookie_group = models.ForeignKey(
        CookieGroup,
        verbose_name=_("cookie group"),
        # Deleting the group deletes its providers: their embeds then wait for the default
        # external media group, or load only when a visitor asks for them one by one.
        on_delete=models.CASCADE,
        limit_choices_to={"is_required": False},
        related_name="media_providers",
        help_text=_("Its content loads when visitors accept this group."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As visitors know it, e.g. YouTube.")
    )
    company = models.CharField(
        _("company"),
        max_length=200,
        blank=True,
        help_text=_("Who runs it and receives the data, e.g. Google Ireland Limited."),
    )
    hosts = models.TextField(
        _("addresses"),
        help_text=_(
            "One per line: the hosts its embeds come from, e.g. www.youtube.com, optionally "
            "with a path, e.g. www.google.com/maps. Subdomains are included."
        ),
    )
    privacy_policy_url = models.URLField(_("privacy policy"), blank=True)
    data_destination = models.TextField(
        _("where data go"),
        blank=True,
        help_text=_(
            "Shown on the placeholder, e.g. that data may be processed in the USA and on what "
            "grounds."
        ),
    )
    translations = translations_field()
    installed_by_seloste = installed_field()
    transferred_outside_eea = models.BooleanField(
        _("data transferred outside the EU/EEA"), default=False
    )
    ordering = models.IntegerField(_("ordering"), default=0)

    base_form_class = translations_form(
        "ExternalMediaProvider", {"data_destination": (forms.CharField, True)}
    )
    panels = [
        FieldPanel("name"),
        FieldPanel("company"),
        FieldPanel("cookie_group"),
        FieldPanel("hosts"),
        FieldPanel("privacy_policy_url"),
        translation_panels(
            "data_destination", _("Where data go"), default_field="data_destination"
        ),
        FieldPanel("transferred_outside_eea"),
        FieldPanel("ordering"),
    ]

    class Meta:
        verbose_name = _("external media provider")
        verbose_name_plural = _("external media providers")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    def host_patterns(self) -> list[str]:
        """Each address in lower case, without a scheme: "www.google.com/maps"."""
        patterns = []
        for line in self.hosts.splitlines():
            line = line.strip().lower()
            if "://" in line:
                line = line.split("://", 1)[1]
            if line:
                patterns.append(line.rstrip("/"))
        return patterns

    def localized_data_destination(self) -> str:
        return translated(self, "data_destination")


class BannerVersion(models.Model):
    """One distinct text a visitor chose on, in one language, stored once: the banner, the
    cookie settings page or an embed placeholder, as the HTML they were shown."""

    class Surface(models.TextChoices):
        BANNER = "banner", _("banner")
        SETTINGS = "settings", _("cookie settings page")
        MEDIA = "media", _("embed placeholder")

    surface = models.CharField(_("shown on"), max_length=10, choices=Surface.choices)
    language = models.CharField(_("language"), max_length=10)
    digest = models.CharField(_("fingerprint"), max_length=64, editable=False)
    html = models.TextField(_("what the visitor saw"))
    created_at = models.DateTimeField(_("first shown"), default=timezone.now)

    class Meta:
        verbose_name = _("banner version")
        verbose_name_plural = _("banner versions")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["surface", "language", "digest"], name="seloste_banner_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.get_surface_display()}, {self.language})"


class DeclarationVersion(models.Model):
    """One distinct cookie table (every group, cookie, storage key and provider) in one
    language, stored once, as the data the table was drawn from."""

    language = models.CharField(_("language"), max_length=10)
    digest = models.CharField(_("fingerprint"), max_length=64, editable=False)
    groups = models.JSONField(_("cookie groups"))
    created_at = models.DateTimeField(_("first shown"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration version")
        verbose_name_plural = _("declaration versions")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "digest"], name="seloste_declaration_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.language})"


class ConsentRecord(models.Model):
    """Proof of one consent decision (GDPR Art. 7(1)); holds no IP address or user agent.

    Replaces django-cookie-consent's LogItem, which has no consent id, stores one row per
    group without the other choices made at the same time, knows nothing of the policy
    version, and is deleted with its cookie group, losing the proof. Points to the banner and
    declaration versions the visitor chose on, so the admin can show exactly what they saw.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted all")
        DECLINED = "declined", _("declined all")
        PARTIAL = "partial", _("accepted some")

    class Source(models.TextChoices):
        BANNER = "banner", _("banner")
        SETTINGS = "settings", _("cookie settings page")
        MEDIA = "media", _("embed placeholder")
        GPC = "gpc", _("Global Privacy Control")

    consent_id = models.UUIDField(_("consent id"), db_index=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    choices = models.JSONField(
        _("choices"),
        help_text=_(
            "Each optional group: accepted or not, the group's version and when it was chosen."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    source = models.CharField(_("method"), max_length=10, choices=Source.choices)
    policy_version = models.PositiveIntegerField(_("policy version"))
    notice_revision_id = models.PositiveBigIntegerField(_("notice revision"), null=True)
    banner_version = models.ForeignKey(
        BannerVersion,
        verbose_name=_("banner version"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    declaration_version = models.ForeignKey(
        DeclarationVersion,
        verbose_name=_("declaration version"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    global_privacy_control = models.BooleanField(_("Global Privacy Control"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        # Local time, ISO order: unambiguous in every language of the admin.
        created = timezone.localtime(self.created_at) if self.created_at else None
        when = f"{created:%Y-%m-%d %H:%M}" if created else ""
        return f"{self.consent_id} {when} {self.get_outcome_display()}"


class DailyConsentCount(models.Model):
    """Decisions per day, outcome and method, counted as each record is written, so the
    statistics read a few hundred rows whatever the number of records (and outlive pruning:
    counts hold nothing personal)."""

    day = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ConsentRecord.Outcome.choices)
    source = models.CharField(_("method"), max_length=10, choices=ConsentRecord.Source.choices)
    count = models.PositiveIntegerField(_("decisions"), default=0)

    class Meta:
        verbose_name = _("daily consent count")
        verbose_name_plural = _("daily consent counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "outcome", "source"], name="seloste_daily_consent_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.outcome} {self.source}: {self.count}"


class ConsentRateEvent(models.Model):
    """A first decision (no known consent id) from one client address, kept briefly to limit
    how many records one address can write. The address is stored only as a keyed hash."""

    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key_hash", "created_at"])]

    def __str__(self) -> str:
        return f"{self.key_hash[:12]}… {self.created_at:%Y-%m-%d %H:%M}"


@register_setting(icon="cog")
class ConsentSettings(BaseSiteSetting):
    """Editor-changeable switches of cookie consent: analytics, banner texts, lifetimes."""

    ga_measurement_id = models.CharField(
        _("Google Analytics measurement ID"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^G-[A-Z0-9]{4,16}$",
                _("A measurement ID looks like G-AB12CD34EF: “G-” and letters or digits."),
            )
        ],
        help_text=_(
            "From Google Analytics: Admin → Data streams. Leave empty to use no analytics. "
            "Analytics only runs for visitors who accept the analytics cookies."
        ),
    )
    notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The banner links to this page, in the visitor's language."),
    )
    # The editor's banner text in each content language: {language: {"banner_text": text}}.
    translations = translations_field()
    renewal_days = models.PositiveIntegerField(
        _("ask again after (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(730)],
        help_text=_(
            "A consent is renewed after this: the banner asks again, and until the visitor "
            "answers nothing optional runs. A refusal is remembered just as long."
        ),
    )
    refusal_quiet_days = models.PositiveIntegerField(
        _("after a refusal, do not ask again for (days)"),
        default=182,
        validators=[MinValueValidator(0), MaxValueValidator(730)],
        help_text=_(
            "Even when the privacy notice or the cookies change, a visitor who refused is not "
            "asked again sooner than this. Supervisory authorities expect about six months."
        ),
    )
    consent_lifetime_days = models.PositiveIntegerField(
        _("consent lifetime (days)"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(730)],
        help_text=_(
            "How long the visitor's browser keeps their choice and consent id. At least as "
            "long as the renewal period, so a renewed choice keeps its consent id."
        ),
    )
    record_retention_days = models.PositiveIntegerField(
        _("keep consent records (days)"),
        default=3 * 365,
        validators=[MinValueValidator(60)],
        help_text=_(
            "Older proof of consent is deleted automatically. It cannot be shorter than the "
            "consent lifetime plus the renewal period: a visitor's previous choice must stay "
            "provable while the choice that renewed it is in force."
        ),
    )

    select_related = ["notice_page"]

    base_form_class = translations_form(
        "ConsentSettings", {"banner_text": (forms.CharField, True)}, all_languages=True
    )
    panels = [
        FieldPanel("ga_measurement_id"),
        FieldPanel("notice_page"),
        translation_panels(
            "banner_text",
            _("Banner text"),
            help_text=_("A language left empty uses the standard text."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("renewal_days"),
                FieldPanel("refusal_quiet_days"),
                FieldPanel("consent_lifetime_days"),
                FieldPanel("record_retention_days"),
            ],
            heading=_("How long choices and their proof are kept"),
        ),
    ]

    class Meta:
        verbose_name = _("cookie consent")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.refusal_quiet_days > self.renewal_days:
            errors["refusal_quiet_days"] = _(
                "A refusal is asked again after %(days)d days at the latest (the renewal "
                "period), so the wait cannot be longer."
            ) % {"days": self.renewal_days}
        if self.consent_lifetime_days < self.renewal_days:
            errors["consent_lifetime_days"] = _(
                "Keep the choice at least as long as the renewal period (%(days)d days), or "
                "a visitor would lose their consent id before they are asked again."
            ) % {"days": self.renewal_days}
        if self.record_retention_days < self.minimum_retention_days():
            errors["record_retention_days"] = _(
                "Keep the records at least %(days)d days: the consent lifetime plus the "
                "renewal period. Shorter, and proof would be deleted while the consent it "
                "proves, or the one that renewed it, is still in force."
            ) % {"days": self.minimum_retention_days()}
        if errors:
            raise ValidationError(errors)

    def minimum_retention_days(self) -> int:
        """The shortest retention that never deletes proof of a consent still relied on."""
        return self.consent_lifetime_days + self.renewal_days

    def effective_retention_days(self) -> int:
        """What pruning keeps: the setting, never less than the minimum (a row saved past the
        form, say from a shell, cannot cut proof short either)."""
        return max(self.record_retention_days, self.minimum_retention_days())

    def banner_text(self) -> str:
        """The editor's banner text in the active language; empty means the standard text,
        which the catalogues give in that language, else in the site's default one."""
        return (self.translations or {}).get(active_language(), {}).get("banner_text", "")


class InstallationRecord(models.Model):
    """What `prepare_seloste` made or granted outside Seloste's own tables, so that
    `uninstall_seloste` takes back exactly that: a group it created, a permission it gave one
    of the host's groups."""

    class Kind(models.TextChoices):
        GROUP = "group", _("group created")
        GRANT = "grant", _("permission granted")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    group_name = models.CharField(_("group"), max_length=150)
    permission = models.CharField(
        _("permission"), max_length=255, blank=True, help_text=_("app_label.codename")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("installation record")
        verbose_name_plural = _("installation records")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "group_name", "permission"], name="seloste_installation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.group_name} {self.permission}".strip()
