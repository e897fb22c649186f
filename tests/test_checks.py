"""The completeness check: every Art. 13/14 rule on notices that pass it and fail it."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from notices.checks import check_notice
from tests.factories import (
    ContactPersonFactory,
    OrganisationFactory,
    PrivacyNoticePageFactory,
    complete_body,
)


@pytest.fixture
def make_notice(home_page):
    """A published notice from the complete body, changed by `edit` first."""
    organisation = OrganisationFactory()
    person = ContactPersonFactory()

    def make(edit=None, **fields):
        body = complete_body(organisation, person)
        if edit:
            body = edit(body)
        page = PrivacyNoticePageFactory(parent=home_page, body=json.dumps(body), **fields)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


def without(*types):
    return lambda body: [b for b in body if b["type"] not in types]


def edited(block_type, change):
    def edit(body):
        for block in body:
            if block["type"] == block_type:
                change(block["value"])
        return body

    return edit


def articles(page, severity=None):
    with translation.override("en"):
        return {f.article for f in check_notice(page) if severity is None or f.severity == severity}


def codes(page):
    return {f.code for f in check_notice(page)}


def test_complete_notice_has_no_findings(make_notice):
    page = make_notice()
    assert check_notice(page) == []


@pytest.mark.parametrize(
    ("block_type", "article"),
    [
        ("controller", "13(1)(a)"),
        ("data_protection_officer", "13(1)(b)"),
        ("purposes", "13(1)(c)"),
        ("transfers", "13(1)(f)"),
        ("retention", "13(2)(a)"),
        ("rights", "13(2)(b)"),
        ("right_to_object", "13(2)(b)"),
        ("consent_withdrawal", "13(2)(c)"),
        ("complaint", "13(2)(d)"),
        ("requirement", "13(2)(e)"),
        ("automated_decisions", "13(2)(f)"),
        ("sources", "14(2)(f)"),
        ("data_content", "14(1)(d)"),
    ],
)
def test_removing_a_required_section_names_its_article(make_notice, block_type, article):
    page = make_notice(without(block_type))
    findings = [f for f in check_notice(page) if f.is_error]
    assert article in {f.article for f in findings}
    assert all(f.code.split(".")[0] == block_type for f in findings if f.article == article)


def test_recipients_are_answered_by_recipients_or_processors(make_notice):
    assert "13(1)(e)" not in articles(make_notice(without("recipients")))
    assert "13(1)(e)" not in articles(make_notice(without("processors")))
    assert "13(1)(e)" in articles(make_notice(without("recipients", "processors")), "error")


def test_legitimate_interest_needed_only_with_6_1_f(make_notice):
    def blank_interest(value):
        for purpose in value["purposes"]:
            purpose["legitimate_interest"] = ""

    assert "13(1)(d)" in articles(make_notice(edited("purposes", blank_interest)), "error")

    def no_6_1_f(value):
        value["purposes"] = [
            p for p in value["purposes"] if p["legal_basis"] != "legitimate_interests"
        ]
        for purpose in value["purposes"]:
            purpose["legitimate_interest"] = ""

    assert "13(1)(d)" not in articles(make_notice(edited("purposes", no_6_1_f)))


def test_withdrawal_of_consent_needed_only_with_consent(make_notice):
    def no_consent(value):
        value["purposes"] = [p for p in value["purposes"] if p["legal_basis"] != "consent"]

    change = edited("purposes", no_consent)
    page = make_notice(lambda body: without("consent_withdrawal")(change(body)))
    assert "13(2)(c)" not in articles(page)


def test_explicit_consent_for_special_categories_also_needs_withdrawal(make_notice):
    def explicit(value):
        value["purposes"] = [
            {
                "purpose": "Terveystietojen käsittely",
                "description": "",
                "legal_basis": "contract",
                "legitimate_interest": "",
                "special_category_condition": "explicit_consent",
            }
        ]

    change = edited("purposes", explicit)
    page = make_notice(lambda body: without("consent_withdrawal")(change(body)))
    assert "13(2)(c)" in articles(page, "error")


def test_art_14_items_only_when_a_source_is_not_the_data_subject(make_notice):
    def only_subject(value):
        value["sources"] = [s for s in value["sources"] if s["kind"] == "data_subject"]

    page = make_notice(lambda body: without("data_content")(edited("sources", only_subject)(body)))
    assert "14(1)(d)" not in articles(page)


def test_each_right_is_listed(make_notice):
    def drop_erasure(value):
        value["rights"] = [r for r in value["rights"] if r["right"] != "erasure"]

    page = make_notice(edited("rights", drop_erasure))
    assert "rights.erasure" in codes(page)
    assert "13(2)(b)" in articles(page, "error")


@pytest.mark.parametrize(
    "text",
    [
        "Henkilötietolain mukainen seloste",
        "laki 523/1999",
        "Google on sitoutunut Privacy Shield -järjestelyyn",
        "Safe Harbor",
        "direktiivi 95/46/EY",
    ],
)
def test_outdated_references_are_flagged(make_notice, text):
    def mention(value):
        value["body"] = f"<p>{text}</p>"

    page = make_notice(edited("text", mention))
    findings = [f for f in check_notice(page) if f.code == "outdated_reference"]
    assert findings and not any(f.is_error for f in findings)


def test_us_provider_without_transfer_is_flagged(make_notice):
    def none(value):
        value["transferred"] = "no"
        value["transfers"] = []

    page = make_notice(edited("transfers", none))
    findings = [f for f in check_notice(page) if f.code == "undeclared_transfer"]
    assert findings and findings[0].article == "13(1)(f)"
    with translation.override("en"):
        assert "Google" in str(findings[0].message)


def test_contact_person_called_dpo_without_designation(make_notice):
    page = make_notice()
    person = page.contact_person
    person.role = "Tietosuojavastaava"
    person.save()
    assert "dpo_title" in codes(page)
    person.role = "Asiakaspalvelupäällikkö"
    person.save()
    assert "dpo_title" not in codes(page)


def test_leftover_placeholder_text(make_notice):
    def placeholder(value):
        value["body"] = "<p>Ota yhteyttä: [yrityksen sähköposti]</p>"

    assert "placeholder" in codes(make_notice(edited("text", placeholder)))


def test_review_older_than_twelve_months(make_notice):
    page = make_notice()
    later = timezone.localdate() + timedelta(days=400)
    assert "review" in {f.code for f in check_notice(page, today=later)}
    page.last_reviewed = later - timedelta(days=10)
    assert "review" not in {f.code for f in check_notice(page, today=later)}


def test_messages_follow_the_editors_language(make_notice):
    page = make_notice(without("requirement"))
    with translation.override("en"):
        message = str(next(f for f in check_notice(page) if f.article == "13(2)(e)").message)
    assert "statutory or contractual requirement" in message


def test_declared_analytics_cookies_need_a_transfer(make_notice):
    """Google Analytics is declared in the cookie settings; the notice's cookie table shows it."""

    def none(value):
        value["transferred"] = "no"
        value["transfers"] = []

    page = make_notice(lambda body: edited("transfers", none)(without("processors")(body)))
    findings = [f for f in check_notice(page) if f.code == "undeclared_transfer"]
    assert findings and findings[0].article == "13(1)(f)"
    with translation.override("en"):
        assert "Google" in str(findings[0].message)
    # Without the cookie section the declarations are not part of this notice.
    page = make_notice(
        lambda body: edited("transfers", none)(without("processors", "cookies")(body))
    )
    assert "undeclared_transfer" not in codes(page)


def with_text(html):
    def edit(value):
        value["body"] = html

    return edited("text", edit)


def test_each_us_provider_needs_its_own_transfer(make_notice):
    # Google's transfer is declared; LogMeIn beside it is not, and is named on its own.
    page = make_notice(with_text("<p>Etätuki annetaan LogMeIn-palvelulla.</p>"))
    with translation.override("en"):
        messages = [str(f.message) for f in check_notice(page) if f.code == "undeclared_transfer"]
    assert len(messages) == 1 and "LogMeIn" in messages[0] and "Google" not in messages[0]
    assert "undeclared_transfer" not in codes(make_notice())


def test_not_transferred_beside_a_named_outside_service(make_notice):
    def none(value, wording=""):
        value["transferred"] = "no"
        value["transfers"] = []
        value["wording"] = wording

    def only_eu_processors(body):
        for block in body:
            if block["type"] == "processors":
                block["value"]["processors"] = block["value"]["processors"][:2]
        return body

    def notice(transfer_wording="", text=""):
        def edit(body):
            body = only_eu_processors(body)
            for block in body:
                if block["type"] == "transfers":
                    none(block["value"], transfer_wording)
                if block["type"] == "text" and text:
                    block["value"]["body"] = text
            return body

        return make_notice(edit)

    assert "transfer_contradiction" not in codes(notice())
    # A service in the United States named elsewhere in the notice…
    with translation.override("en"):
        page = notice(text="<p>Tapaamiset pidetään Zoomissa.</p>")
        found = [str(f.message) for f in check_notice(page) if f.code == "undeclared_transfer"]
    zoom = [message for message in found if "Zoom" in message]
    assert zoom and "not transferred" in zoom[0]
    # …or the transfers section's own words: an "unless", Privacy Shield.
    for wording in (
        "<p>Tietoja ei siirretä EU:n ulkopuolelle, ellei se ole teknisesti tarpeellista.</p>",
        "<p>Etätukipalvelu on sertifioitu Privacy Shield -järjestelyyn.</p>",
    ):
        assert "transfer_contradiction" in codes(notice(transfer_wording=wording)), wording


def test_basis_wording_without_a_chosen_basis(make_notice):
    def unchosen(value):
        value["purposes"] = [
            {
                "purpose": "Uutiskirjeen lähettäminen suostumuksesi perusteella",
                "description": "",
                "legal_basis": "",
                "legitimate_interest": "",
                "special_category_condition": "",
            }
        ]

    page = make_notice(edited("purposes", unchosen))
    with translation.override("en"):
        found = [f for f in check_notice(page) if f.code == "basis_in_wording"]
    assert found and "Consent" in str(found[0].message)
    assert "basis_in_wording" not in codes(make_notice())


@pytest.mark.parametrize(
    "html, flagged",
    [
        ("<p>Lähetä pyyntö osoitteeseen (s-postiosoite).</p>", True),
        ("<p>Rekisterinpitäjä: [yritys], XXX</p>", True),
        ("<p>Lähetä pyyntö osoitteeseen tietosuoja[at]yritys.fi.</p>", False),
        ("<p>Lähetä pyyntö osoitteeseen tietosuoja(at)yritys.fi.</p>", False),
    ],
)
def test_placeholders_and_obfuscated_addresses(make_notice, html, flagged):
    assert ("placeholder" in codes(make_notice(with_text(html)))) is flagged


def test_dates_in_the_text(make_notice):
    old = make_notice(with_text("<p>Päivitetty 5.4.2018.</p>"))
    with translation.override("en"):
        found = [f for f in check_notice(old) if f.code == "text_date"]
    assert found and "5.4.2018" in str(found[0].message) and not found[0].is_error
    today = timezone.localdate()
    recent = make_notice(with_text(f"<p>Päivitetty {today.day}.{today.month}.{today.year}.</p>"))
    assert "text_date" not in codes(recent)
