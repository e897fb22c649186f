"""Test data built the way editors build it: snippets, and notices with real StreamField data."""

import factory
import wagtail_factories
from wagtail.models import Locale

from notices.models import ContactPerson, Organisation, PrivacyNoticePage
from notices.rights.models import RightsRequestPage


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testiyhtiö {n} Oy")
    business_id = "0112038-9"
    street_address = "Testikatu 1"
    postal_code = "00100"
    city = "Helsinki"
    email = factory.Sequence(lambda n: f"info{n}@company.example")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Sequence(lambda n: f"Henkilö {n}")
    role = "Tietosuojasta vastaava"
    email = factory.Sequence(lambda n: f"person{n}@company.example")
    phone = "+358 40 000 0000"
    locale = factory.LazyFunction(Locale.get_default)


def complete_body(organisation: Organisation, person: ContactPerson) -> list[dict]:
    """Raw StreamField data with every section type, as the demo and a careful editor have."""
    from home.demo import notice_body

    return [{"type": t, "value": v} for t, v in notice_body(organisation, person)]


class PrivacyNoticePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PrivacyNoticePage

    title = factory.Sequence(lambda n: f"Tietosuojaseloste {n}")
    slug = factory.Sequence(lambda n: f"seloste-{n}")
    intro = "Testiseloste."
    body = factory.LazyFunction(list)


class RightsRequestPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RightsRequestPage

    title = "Pyyntö"
    slug = "pyynto"
