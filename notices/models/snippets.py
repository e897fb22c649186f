"""Reusable records a notice points to, so one change reaches every notice that names them."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..validators import normalise_business_id, validate_business_id


class Organisation(index.Indexed, models.Model):
    """The controller: the company that decides why and how personal data are processed."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        validators=[validate_business_id],
        help_text=_("The Finnish business ID (Y-tunnus), for example 1234567-8."),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="Suomi")
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("business_id"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("country"),
            ],
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
        return f"{self.name} ({self.business_id})"

    def clean(self):
        self.business_id = normalise_business_id(self.business_id)

    def api_representation(self) -> dict:
        return {
            "id": self.pk,
            "name": self.name,
            "business_id": self.business_id,
            "street_address": self.street_address,
            "postal_code": self.postal_code,
            "city": self.city,
            "country": self.country,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
        }


class ContactPerson(TranslatableMixin, index.Indexed, models.Model):
    """A person the public may contact about a register; requests are routed to them."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Shown to readers, for example 'Customer service manager'."),
    )
    email = models.EmailField(
        _("email"), help_text=_("Rights requests made through the notice are sent here.")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # Only the role reads differently per language; name and contact details stay in sync.
    translatable_fields = [
        TranslatableField("role"),
        SynchronizedField("name"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

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


class SupervisoryAuthority(TranslatableMixin, index.Indexed, models.Model):
    """The data protection authority a data subject may complain to (GDPR Art. 77)."""

    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("visiting address"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Used by notices whose complaint section names no authority."),
    )

    panels = [
        FieldPanel("name"),
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
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("website"),
        SynchronizedField("is_default"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("supervisory authority")
        verbose_name_plural = _("supervisory authorities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> "SupervisoryAuthority | None":
        """The default authority in the active language, else in any language; one query."""
        candidates = cls.objects.filter(is_default=True).select_related("locale")
        by_language = {a.locale.language_code: a for a in candidates}
        return by_language.get(get_language()) or next(iter(by_language.values()), None)

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
