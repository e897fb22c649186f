"""Reusable records a notice points to, so one change reaches every notice that names them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..countries import COUNTRIES, COUNTRY_NAMES, clean_business_id
from ..forms import shared_facts_form


class Organisation(index.Indexed, models.Model):
    """The controller: the company that decides why and how personal data are processed."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRIES,
        default="FI",
        help_text=_(
            "Where the organisation is established. Its business ID is checked by this "
            "country's rules, and notices name this country's supervisory authority."
        ),
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=60,
        blank=True,
        help_text=_(
            "A Finnish organisation's business ID (Y-tunnus), for example 1234567-8. Elsewhere "
            "the registration number or the VAT number (with its country prefix), if any."
        ),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("business_id"),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("postal_code"), FieldPanel("city")],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contact details"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})" if self.business_id else self.name

    def clean(self):
        try:
            self.business_id = clean_business_id(self.business_id, self.country)
        except ValidationError as error:
            raise ValidationError({"business_id": error.messages}) from None

    @property
    def country_name(self) -> str:
        """The country in the active language, e.g. "Suomi", "Tyskland"."""
        return str(COUNTRY_NAMES.get(self.country, self.country))

    def api_representation(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "business_id": self.business_id,
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "city": self.city,
            "country": self.country,
            "country_name": self.country_name,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
        }


class SharedFactsQuerySet(models.QuerySet):
    """Lets `filter(email=…)` and `order_by("name")` reach the facts stored once for all languages.

    The facts live on a record of their own (`facts_field`), so lookups and orderings by their
    names are routed there; everything else is the translatable row's own.
    """

    def _route(self, name: str) -> str:
        model = self.model
        descending = name.startswith("-")
        bare = name.lstrip("-")
        if bare.split("__", 1)[0] in model.shared_facts:
            bare = f"{model.facts_field}__{bare}"
        return f"-{bare}" if descending else bare

    def _filter_or_exclude(self, negate, args, kwargs):
        kwargs = {self._route(key): value for key, value in kwargs.items()}
        return super()._filter_or_exclude(negate, args, kwargs)

    def order_by(self, *field_names):
        return super().order_by(*(self._route(f) if isinstance(f, str) else f for f in field_names))


class SharedFactsManager(models.Manager.from_queryset(SharedFactsQuerySet)):
    """Every row comes with its facts (one join), so reading a name or an email never costs a
    query of its own, however many rows a page or check reads."""

    def get_queryset(self):
        return super().get_queryset().select_related(self.model.facts_field)


class SharedFactsMixin:
    """Reads and writes the facts of a translatable record through the one record they live on.

    `ContactPerson(email=…)`, `person.email` and `person.email = …` work as if the facts were
    the row's own; saving the row saves the facts first. Every translation points to the same
    facts, so a change made in any language shows in all of them at once, with no sync.
    """

    shared_facts: tuple[str, ...] = ()
    facts_field = "facts"

    def _facts_for_write(self):
        field = self._meta.get_field(self.facts_field)
        if not field.is_cached(self) and getattr(self, field.attname) is None:
            setattr(self, self.facts_field, field.related_model())
        return getattr(self, self.facts_field)

    def save(self, *args, **kwargs):
        field = self._meta.get_field(self.facts_field)
        if field.is_cached(self):
            facts = getattr(self, self.facts_field)
            if facts.pk is None or getattr(self, "_facts_changed", False):
                facts.save()
                setattr(self, self.facts_field, facts)
                self._facts_changed = False
        super().save(*args, **kwargs)


def shared_fact(name: str, label) -> property:
    """A property that reads and writes one fact on the record the facts live on.

    `label` names it in admin listings, as a field's verbose name would.
    """

    def read(self):
        return getattr(self._facts_for_write(), name)

    def write(self, value):
        facts = self._facts_for_write()
        if getattr(facts, name) != value:
            setattr(facts, name, value)
            self._facts_changed = True

    read.short_description = label
    return property(read, write)


def forget_unused_facts(sender, instance, **kwargs) -> None:
    """A signal receiver: the last language of a record went, so its facts go too."""
    facts_model = sender._meta.get_field(sender.facts_field).related_model
    facts_id = getattr(instance, f"{sender.facts_field}_id", None)
    if (
        facts_id
        and not sender._base_manager.filter(**{f"{sender.facts_field}_id": facts_id}).exists()
    ):
        facts_model.objects.filter(pk=facts_id).delete()


class ContactDetails(models.Model):
    """A contact person's name, email and phone: the same in every language, so stored once."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("email"), help_text=_("Rights requests made through the notice are sent here.")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return self.name


class ContactPerson(SharedFactsMixin, TranslatableMixin, index.Indexed, models.Model):
    """A person the public may contact about a register; requests are routed to them.

    Only the role is written per language; name, email and phone are `ContactDetails` that
    every translation shares, so requests always reach the current address.
    """

    facts = models.ForeignKey(
        ContactDetails,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("contact details"),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Shown to readers, for example 'Customer service manager'."),
    )

    shared_facts = ("name", "email", "phone")
    name = shared_fact("name", _("name"))
    email = shared_fact("email", _("email"))
    phone = shared_fact("phone", _("phone"))

    objects = SharedFactsManager()
    base_form_class = shared_facts_form(ContactDetails, shared_facts)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]
    search_fields = [
        index.SearchField("role"),
        index.AutocompleteField("role"),
        index.RelatedFields("facts", [index.SearchField("name"), index.AutocompleteField("name")]),
    ]
    # The facts are one record for every language; a translation only writes the role.
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("facts", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["facts__name", "locale__language_code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name

    def api_representation(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "role": self.role,
            "email": self.email,
            "phone": self.phone,
        }


class AuthorityContactDetails(models.Model):
    """A supervisory authority's country, phone, email and website: the same in every language."""

    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRIES,
        blank=True,
        help_text=_("The country whose organisations it supervises."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_(
            "Named by notices whose complaint section names no authority, when their "
            "organisation is in this authority's country."
        ),
    )

    class Meta:
        verbose_name = _("authority's contact details")
        verbose_name_plural = _("authorities' contact details")

    def __str__(self) -> str:
        return self.email or self.website or str(self.pk)


class SupervisoryAuthority(SharedFactsMixin, TranslatableMixin, index.Indexed, models.Model):
    """The data protection authority a data subject may complain to (GDPR Art. 77).

    The name and the addresses are written per language (Finnish places have official Swedish
    names); phone, email and website are `AuthorityContactDetails` shared by every language.
    """

    facts = models.ForeignKey(
        AuthorityContactDetails,
        on_delete=models.PROTECT,
        related_name="authorities",
        verbose_name=_("contact details"),
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)

    shared_facts = ("country", "phone", "email", "website", "is_default")
    country = shared_fact("country", _("country"))
    phone = shared_fact("phone", _("phone"))
    email = shared_fact("email", _("email"))
    website = shared_fact("website", _("website"))
    is_default = shared_fact("is_default", _("default"))

    objects = SharedFactsManager()
    base_form_class = shared_facts_form(AuthorityContactDetails, shared_facts)

    panels = [
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("street_address"),
        FieldPanel("postal_address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("is_default"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("street_address"),
        TranslatableField("postal_address"),
        SynchronizedField("facts", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("supervisory authority")
        verbose_name_plural = _("supervisory authorities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def defaults_by_country(cls) -> dict[str, "SupervisoryAuthority"]:
        """Each country's authority (its default one first) in the active language, else in
        any language; "" holds the default of no particular country. One query."""
        rows = cls.objects.select_related("locale", "facts").order_by("-facts__is_default", "pk")
        language = get_language()
        chosen: dict[str, SupervisoryAuthority] = {}
        for authority in rows:
            keys = [authority.country] + ([""] if authority.is_default else [])
            for key in keys:
                current = chosen.get(key)
                better_language = (
                    current is not None
                    and current.is_default == authority.is_default
                    and current.locale.language_code != language
                    and authority.locale.language_code == language
                )
                if current is None or better_language:
                    chosen[key] = authority
        return chosen

    @classmethod
    def default(cls, country: str | None = None) -> "SupervisoryAuthority | None":
        """The authority notices name when they name none: the one of the controller's
        `country`; without a country, the default one. None when the country has none."""
        chosen = cls.defaults_by_country()
        return chosen.get(country) if country else chosen.get("")

    def api_representation(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "street_address": self.street_address,
            "postal_address": self.postal_address,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
        }
