"""Not only Finland: an organisation's country decides how its business ID is checked and which
supervisory authority its notice names."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Locale

from notices.checks import check_notice
from notices.models import AuthorityContactDetails, Organisation, SupervisoryAuthority
from tests.factories import ContactPersonFactory, PrivacyNoticePageFactory, complete_body


def cleaned(country: str, business_id: str) -> str:
    organisation = Organisation(name="Example", country=country, business_id=business_id)
    organisation.full_clean()
    return organisation.business_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("country", "typed", "kept"),
    [
        ("DE", "HRB 12345", "HRB 12345"),  # a register entry, as the company writes it
        (
            "DE",
            "HRB 12345 B, Amtsgericht Charlottenburg",
            "HRB 12345 B, Amtsgericht Charlottenburg",
        ),
        ("DE", "DE 136 695 976", "DE136695976"),  # a German VAT number with a valid check digit
        ("DE", "", ""),  # none at all
        ("SE", "556036-0793", "556036-0793"),  # a Swedish organisationsnummer
        ("SE", "SE556036079301", "SE556036079301"),
        ("NO", "923609016", "923 609 016"),
        ("GB", "12345678", "12345678"),  # Companies House numbers carry no check digit
        ("US", "", ""),
        ("FI", "0112038–9", "0112038-9"),  # an en dash from a word processor
    ],
)
def test_business_ids_of_each_country_are_accepted(country, typed, kept):
    assert cleaned(country, typed) == kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("country", "typed", "says"),
    [
        ("FI", "", "Y-tunnus"),
        ("FI", "HRB 12345", "1234567-8"),
        ("FI", "0112038-8", "tarkistusnumero"),
        ("DE", "DE123456789", "tarkistusnumero"),  # the check digit of this one is wrong
        ("SE", "556036-0794", "Ruotsi"),
        ("SE", "SE12", "Ruotsi"),
    ],
)
def test_a_wrong_business_id_is_refused_with_a_message_an_editor_understands(country, typed, says):
    with pytest.raises(ValidationError) as error:
        cleaned(country, typed)
    messages = " ".join(error.value.message_dict["business_id"])
    assert says in messages, messages


@pytest.fixture
def german_notice(home_page):
    organisation = Organisation.objects.create(
        name="Beispiel GmbH", country="DE", business_id="HRB 12345", city="Berlin"
    )
    person = ContactPersonFactory()
    notice = PrivacyNoticePageFactory(
        parent=home_page, slug="datenschutz", body=json.dumps(complete_body(organisation, person))
    )
    notice.save_revision().publish()
    return notice


@pytest.mark.django_db
def test_a_german_notice_names_no_finnish_authority_and_the_check_says_what_to_add(
    german_notice, client
):
    html = client.get(german_notice.url).content.decode()
    assert "Tietosuojavaltuutetun toimisto" not in html
    assert "Saksa" in html  # the organisation's country, in the page's language
    findings = {f.code: f for f in check_notice(german_notice)}
    assert findings["authority"].is_error
    assert "Saksa" in str(findings["authority"].message)


@pytest.mark.django_db
def test_an_authority_added_for_germany_is_named_by_german_notices(german_notice):
    facts = AuthorityContactDetails.objects.create(
        country="DE", email="poststelle@bfdi.bund.de", website="https://www.bfdi.bund.de"
    )
    SupervisoryAuthority.objects.create(
        locale=Locale.get_default(), facts=facts, name="Die Bundesbeauftragte für den Datenschutz"
    )
    html = Client().get(german_notice.url).content.decode()
    assert "Die Bundesbeauftragte für den Datenschutz" in html
    assert "Tietosuojavaltuutetun toimisto" not in html
    assert "authority" not in {f.code for f in check_notice(german_notice)}
    # A Finnish organisation's notice still names Finland's authority.
    assert SupervisoryAuthority.default("FI").email == "tietosuoja@om.fi"
