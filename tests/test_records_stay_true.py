"""One fact in one place, every version as it was published, dates a reader cannot misread.

The editor's path through the admin forms with the test client: the Finnish contact person's
phone and email are changed once, and every language, the request routing and the archive
behave as a privacy officer expects.
"""

import re

import pytest
from django.core import mail

from notices.models import (
    AuthorityContactDetails,
    ContactDetails,
    ContactPerson,
    NoticeVersion,
    Organisation,
    PrivacyNoticePage,
    SupervisoryAuthority,
)
from notices.outbox.models import OutboxMessage
from notices.rights.models import RightsRequest
from tests.rights_requests.conftest import run_worker  # noqa: F401 - the task worker fixture

OLD_PHONE = "+358 40 000 5678"
OLD_EMAIL = "tietosuoja@revontuli.example"
NEW_PHONE = "+358 50 987 6543"
NEW_EMAIL = "yksityisyys@revontuli.example"
NOTICES = {
    "fi": "/fi/tietosuojaseloste/",
    "sv": "/sv/dataskyddsbeskrivning/",
    "en": "/en/privacy-notice/",
}
MONTH_FIRST = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
ENGLISH_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b"
)


def person_form_url(person: ContactPerson) -> str:
    return f"/admin/snippets/seloste_notices/contactperson/edit/{person.pk}/"


def change_finnish_contact_person(admin_client, phone: str, email: str) -> None:
    """What the editor does: open the Finnish contact person, change two fields, save."""
    person = ContactPerson.objects.get(locale__language_code="fi")
    form = admin_client.get(person_form_url(person)).content.decode()
    assert f'value="{OLD_EMAIL}"' in form and f'value="{OLD_PHONE}"' in form
    response = admin_client.post(
        person_form_url(person),
        {"name": person.name, "role": person.role, "email": email, "phone": phone},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def english_request(client, email: str = "reader@example.com") -> RightsRequest:
    response = client.post(
        NOTICES["en"] + "request/",
        {
            "request_type": "access",
            "name": "Robin Reader",
            "email": email,
            "phone": "",
            "message": "Which data do you hold about me?",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    return RightsRequest.objects.get(email=email)


def test_one_change_in_the_admin_reaches_every_language_and_leaves_the_archive_as_it_was(
    demo,
    admin_client,
    client,
    run_worker,  # noqa: F811 - the imported fixture
):
    first_version = NoticeVersion.objects.filter(page=demo["notice"]).order_by("pk").first()
    assert first_version is not None and first_version.is_frozen
    for url in NOTICES.values():
        assert OLD_PHONE in client.get(url).content.decode()

    change_finnish_contact_person(admin_client, NEW_PHONE, NEW_EMAIL)

    # At once, with no sync and no publish: every language shows the new phone and email.
    for language, url in NOTICES.items():
        html = client.get(url).content.decode()
        assert NEW_PHONE in html and NEW_EMAIL in html, language
        assert OLD_PHONE not in html and OLD_EMAIL not in html, language
    assert ContactDetails.objects.count() == 1

    # A new English request goes to the new address, and so do its mails.
    rights_request = english_request(client)
    assert rights_request.routed_to_email == NEW_EMAIL
    run_worker()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"reader@example.com", NEW_EMAIL}
    verification = by_recipient["reader@example.com"]
    assert verification.reply_to == [NEW_EMAIL]

    # English mail: day-month dates, never 12/08/2026.
    for message in mail.outbox:
        assert not MONTH_FIRST.search(message.body), message.body
    assert ENGLISH_DATE.search(verification.body), verification.body
    assert ENGLISH_DATE.search(by_recipient[NEW_EMAIL].body), by_recipient[NEW_EMAIL].body

    # The first published version still shows what readers saw then.
    old = client.get(f"{NOTICES['fi']}versiot/{first_version.pk}/").content.decode()
    assert OLD_PHONE in old and OLD_EMAIL in old
    assert NEW_PHONE not in old and NEW_EMAIL not in old
    assert "Tämä on selosteen aiempi versio" in old


def test_a_version_keeps_the_authority_and_cookie_declarations_in_force(demo, client):
    from cookie_consent.models import Cookie

    notice = demo["notice"]
    version = notice.versions.order_by("pk").first()
    facts = AuthorityContactDetails.objects.get()
    facts.phone = "+358 29 000 0000"
    facts.save()
    Cookie.objects.filter(name="_ga").update(name="_ga_renamed")

    current = client.get(NOTICES["fi"]).content.decode()
    assert "+358 29 000 0000" in current and "_ga_renamed" in current
    old = client.get(f"{NOTICES['fi']}versiot/{version.pk}/").content.decode()
    assert "+358 29 566 6700" in old and "+358 29 000 0000" not in old
    # The banner's own configuration names the cookies in force now, to delete them on
    # withdrawal; the notice text keeps the table as it was.
    notice_text = re.sub(r"<script\b.*?</script>", "", old, flags=re.S)
    assert "<code>_ga</code>" in notice_text and "_ga_renamed" not in notice_text
    assert version.record["supervisory_authority"]["phone"] == "+358 29 566 6700"
    assert version.record["contact_person"]["email"] == OLD_EMAIL


def test_each_translation_freezes_its_own_language(demo, client):
    english = PrivacyNoticePage.objects.get(locale__language_code="en")
    version = english.versions.get()
    assert version.language == "en"
    assert "Customer service manager" in version.sections_html
    html = client.get(f"{NOTICES['en']}versions/{version.pk}/").content.decode()
    assert "This is an earlier version of the notice" in html
    assert "Customer service manager" in html


def test_proof_of_consent_resolves_to_the_text_of_its_version(demo, client):
    notice = demo["notice"]
    version = NoticeVersion.for_revision(notice.live_revision_id)
    assert version is not None and version.page_id == notice.pk
    assert version.get_url() == f"{NOTICES['fi']}versiot/{version.pk}/"
    assert "Asiakaspalvelupäällikkö" in client.get(version.get_url()).content.decode()


def test_authority_facts_are_shared_and_defaults_found_in_every_language(db):
    authorities = SupervisoryAuthority.objects.filter(is_default=True).select_related("locale")
    assert {a.locale.language_code for a in authorities} == {"fi", "sv", "en"}
    assert {a.facts_id for a in authorities} == {AuthorityContactDetails.objects.get().pk}
    # The words stay each language's own.
    assert {a.name for a in authorities} == {
        "Tietosuojavaltuutetun toimisto",
        "Dataombudsmannens byrå",
        "Office of the Data Protection Ombudsman",
    }


def test_snippet_list_names_each_rows_language(demo, admin_client):
    html = admin_client.get("/admin/snippets/seloste_notices/contactperson/").content.decode()
    listing = re.search(r'<table class="listing.*?</table>', html, re.S).group(0)
    body = listing.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    assert len(rows) == 3
    # Each row names its own language beside the (shared) name.
    languages = {lang for row in rows for lang in ("Suomi", "Svenska", "English") if lang in row}
    assert languages == {"Suomi", "Svenska", "English"}
    assert all("Aino Virtanen" in row for row in rows)


def test_deleting_every_language_of_a_person_leaves_no_orphaned_details(db, fi_locale):
    person = ContactPerson.objects.create(
        name="Testi Henkilö", email="testi@example.com", locale=fi_locale
    )
    assert person.facts.email == "testi@example.com"
    person.delete()
    assert not ContactDetails.objects.filter(email="testi@example.com").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "8.12.2026"), ("sv", "8.12.2026"), ("en", "8 December 2026")],
)
def test_reader_dates_put_the_day_first(language, expected):
    import datetime

    from notices.dates import reader_date

    assert reader_date(datetime.date(2026, 12, 8), language) == expected


def test_outbox_stores_english_mail_with_day_month_dates(demo, client):
    english_request(client, "dates@example.com")
    bodies = list(OutboxMessage.objects.values_list("body", flat=True))
    assert len(bodies) == 2  # the requester's and the contact person's
    assert all(not MONTH_FIRST.search(b) for b in bodies)
    assert all(ENGLISH_DATE.search(b) for b in bodies)


def test_sync_without_publishing_leaves_the_live_translation_behind(demo, admin_client):
    """What "Sync translated pages" with "publish immediately" unticked leaves readers."""
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    from notices.drift.status import translation_status, translations_behind

    notice = demo["notice"]
    notice.intro += " Uusi käsittelijä lisätty."
    notice.save_revision().publish()
    TranslationSource.objects.get_for_instance(notice).update_from_db()
    english = PrivacyNoticePage.objects.get(locale__language_code="en")
    assert translation_status(english).is_behind
    behind = {(s.title, s.translation.target_locale.language_code) for s in translations_behind()}
    assert (notice.title, "en") in behind and (notice.title, "sv") in behind
    report = admin_client.get("/admin/reports/translations-behind/").content.decode()
    assert report.count("/admin/localize/update/") == 2

    source = TranslationSource.objects.get_for_instance(notice)
    source.translations.get(target_locale=Locale.objects.get(language_code="en")).save_target(
        publish=False
    )
    # wagtail-localize publishes on commit; the test runs inside one transaction.
    english = PrivacyNoticePage.objects.get(pk=english.pk)
    english.get_latest_revision().publish()
    assert not translation_status(english).is_behind


def test_snippet_translations_behind_show_in_the_report_and_on_the_dashboard(demo, admin_client):
    person = ContactPerson.objects.get(locale__language_code="fi")
    report_url = "/admin/reports/translations-behind/"
    assert "Aino Virtanen" not in admin_client.get(report_url).content.decode()
    # A change of facts is no translation matter: nothing falls behind.
    person.phone = NEW_PHONE
    person.save()
    assert "Aino Virtanen" not in admin_client.get(report_url).content.decode()
    # A change of words is: the Swedish and English roles still say the old one.
    person.role = "Tietosuojavastaava"
    person.save()
    report = admin_client.get(report_url).content.decode()
    assert report.count("Aino Virtanen") >= 2
    assert "yhteyshenkilö" in report.lower()
    dashboard = admin_client.get("/admin/").content.decode()
    panel = dashboard.split('id="translations-behind', 1)[1][:6000]
    assert "Aino Virtanen" in panel


def test_translation_published_with_an_untranslated_text_says_so_and_marks_it(
    demo, client, admin_client
):
    """Swedish published with one purpose left untranslated: the Finnish words are marked."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringTranslation, TranslationSource

    notice = demo["notice"]
    untranslated = "Palvelujen kehittäminen ja tietoturvan valvonta"
    source = TranslationSource.objects.get_for_instance(notice)
    swedish = Locale.objects.get(language_code="sv")
    StringTranslation.objects.filter(locale=swedish, translation_of__data=untranslated).delete()
    source.translations.get(target_locale=swedish).save_target(publish=False)
    sv_page = PrivacyNoticePage.objects.get(locale=swedish)
    # The translator is warned on opening the translation, before publishing it.
    editor = admin_client.get(f"/admin/pages/{sv_page.pk}/edit/").content.decode()
    assert "1 teksti" in editor or "Yhtä tekstiä" in editor or "Yksi teksti" in editor
    sv_page.get_latest_revision().publish()

    html = client.get(NOTICES["sv"]).content.decode()
    assert f'<span lang="fi" class="untranslated">{untranslated}</span>' in html
    assert "inte översatt ännu" in html
    # The frozen version keeps the marking too.
    version = PrivacyNoticePage.objects.get(locale=swedish).versions.order_by("-pk").first()
    assert f'lang="fi" class="untranslated">{untranslated}<' in version.sections_html


def test_translation_editor_names_each_segment_of_a_purpose(demo, admin_client):
    import json

    sv_page = PrivacyNoticePage.objects.get(locale__language_code="sv")
    html = admin_client.get(f"/admin/pages/{sv_page.pk}/edit/").content.decode()
    props = re.search(r'data-props="([^"]*)"', html).group(1)
    import html as html_lib

    segments = json.loads(html_lib.unescape(props))["segments"]
    labels = {s["location"]["subField"] for s in segments if s["location"]["subField"]}
    assert {
        "Käyttötarkoitus 3: otsikko",
        "Käyttötarkoitus 3: Kuvaus",
        "Käyttötarkoitus 3: Oikeutettu etu",
        "Säilytys 1: Säilytysaika",
    } <= labels, sorted(labels)


def test_load_demo_again_after_editing_it_duplicates_nothing(demo, admin_client):
    from django.core.management import call_command
    from wagtail.models import Page

    change_finnish_contact_person(admin_client, NEW_PHONE, NEW_EMAIL)
    person = ContactPerson.objects.get(locale__language_code="fi")
    person.name = "Aino Korhonen"
    person.save()
    organisation = Organisation.objects.get()
    organisation.business_id = "0112038-9"
    organisation.save()
    counts = (
        Page.objects.count(),
        ContactPerson.objects.count(),
        ContactDetails.objects.count(),
        Organisation.objects.count(),
        SupervisoryAuthority.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert (
        Page.objects.count(),
        ContactPerson.objects.count(),
        ContactDetails.objects.count(),
        Organisation.objects.count(),
        SupervisoryAuthority.objects.count(),
    ) == counts
    assert ContactPerson.objects.get(locale__language_code="fi").email == NEW_EMAIL


def test_snippet_list_columns_are_named_in_the_editors_language(demo, admin_client):
    html = admin_client.get("/admin/snippets/seloste_notices/contactperson/").content.decode()
    head = re.search(r'<table class="listing.*?</thead>', html, re.S).group(0)
    headings = {" ".join(t.split()) for t in re.findall(r">([^<>]+)<", head) if t.strip()}
    assert {"Nimi", "Kieli", "Rooli", "Sähköposti", "Puhelin"} <= headings, headings
    assert not {"Name", "Email", "Phone", "Maa-asetusto"} & headings


def test_cookie_table_shows_names_as_the_browser_has_them(demo, client):
    from cookies.templatetags.seloste_cookie_names import shown_name

    html = client.get(NOTICES["fi"]).content.decode()
    # The demo's measurement ID is G-DEMO000000: Google names its cookie after it.
    assert "<code>_ga_DEMO000000</code>" in html
    # The banner's configuration keeps the declared pattern, to find the cookies to delete.
    shown = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert "container-id" not in shown and "&lt;" not in shown.split("cc-table", 1)[1][:20000]
    assert shown_name("_ga_<container-id>", "G-AB12CD34EF") == ("_ga_AB12CD34EF", False)
    # Where the site cannot know the rest, the fixed part, and words for the rest.
    assert shown_name("_ga_<container-id>", "") == ("_ga_", True)
    assert shown_name("_hj<session-id>", "G-AB12CD34EF") == ("_hj", True)
    assert shown_name("_ga", "G-AB12CD34EF") == ("_ga", False)


def test_cookie_table_without_analytics_id_says_the_name_varies(db):
    from django.template.loader import render_to_string
    from django.utils import translation

    from cookies.declarations import declared_cookie_groups

    with translation.override("fi"):
        html = render_to_string(
            "notices/blocks/cookie_table.html", {"cookie_groups": declared_cookie_groups()}
        )
    assert "<code>_ga_…</code> <span" in html and "(nimen loppuosa vaihtelee)" in html
    assert "container-id" not in html


def test_legitimate_interest_is_shown_only_for_a_purpose_based_on_it(db):
    from django.utils import translation

    from notices.blocks import PurposesBlock

    block = PurposesBlock()
    value = block.to_python(
        {
            "purposes": [
                {
                    "purpose": "Uutiskirje",
                    "legal_basis": "consent",
                    "legitimate_interest": "Jäänyt vanhasta versiosta",
                },
                {
                    "purpose": "Tietoturva",
                    "legal_basis": "legitimate_interests",
                    "legitimate_interest": "Palvelun suojaaminen",
                },
            ]
        }
    )
    with translation.override("fi"):
        html = block.render(value)
    assert "Palvelun suojaaminen" in html
    assert "Jäänyt vanhasta versiosta" not in html


def test_english_version_history_puts_the_day_first(demo, client):
    html = client.get(NOTICES["en"] + "versions/").content.decode()
    assert ENGLISH_DATE.search(html), html[:3000]
    assert not MONTH_FIRST.search(html)
    months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    assert not re.search(rf"\b({months})[a-z]*\.? \d{{1,2}}, \d{{4}}", html)


def test_no_help_text_tells_an_editor_to_run_a_command(db):
    """Editors work in the admin; what runs on the server is the operators' business."""
    from django.apps import apps
    from django.core.management import get_commands
    from wagtail.blocks import Block
    from wagtail.fields import StreamField

    commands = {
        name
        for name, app in get_commands().items()
        if app.startswith(("notices", "cookies", "home"))
    }
    commands |= {"manage.py", "make "}
    texts = []

    def block_texts(block: Block):
        texts.append(str(getattr(block.meta, "help_text", "") or ""))
        for child in getattr(block, "child_blocks", {}).values():
            block_texts(child)
        if getattr(block, "child_block", None) is not None:
            block_texts(block.child_block)

    def panel_texts(panel):
        texts.append(str(getattr(panel, "help_text", "") or ""))
        texts.append(str(getattr(panel, "content", "") or ""))  # help panels
        for child in getattr(panel, "children", ()):
            panel_texts(child)

    for model in apps.get_models():
        if not model.__module__.startswith(("notices", "cookies", "home")):
            continue
        for attribute in ("panels", "content_panels", "settings_panels", "promote_panels"):
            for panel in getattr(model, attribute, ()):
                panel_texts(panel)
        for field in model._meta.get_fields():
            texts.append(str(getattr(field, "help_text", "") or ""))
            if isinstance(field, StreamField):
                block_texts(field.stream_block)
    found = [t for t in texts for c in commands if c in t]
    assert not found, found


def test_processor_names_are_facts_copied_to_every_language_not_translated(demo):
    from wagtail_localize.models import String, TranslationSource

    notice = demo["notice"]
    source, __ = TranslationSource.update_or_create_from_instance(notice)
    offered = set(String.objects.filter(segments__source=source).values_list("data", flat=True))
    assert "Laskutuspalvelu Lasku Oy" not in offered and "Google Ireland Ltd" not in offered
    assert "Laskujen lähettäminen ja maksujen seuranta" in offered  # the service is words

    for section in notice.body:
        if section.block_type == "processors":
            section.value["processors"][1]["name"] = "Laskutuspalvelu Uusi Oy"
    notice.save_revision().publish()
    source.update_from_db()
    for translation in source.translations.all():
        translation.save_target(publish=False)
    for language in ("sv", "en"):
        page = PrivacyNoticePage.objects.get(locale__language_code=language)
        page.get_latest_revision().publish()  # wagtail-localize publishes on commit
        page.refresh_from_db()
        names = [
            p["name"]
            for b in page.body
            if b.block_type == "processors"
            for p in b.value["processors"]
        ]
        assert "Laskutuspalvelu Uusi Oy" in names and "Laskutuspalvelu Lasku Oy" not in names


def test_proof_of_consent_shows_its_notice_version_and_choices_in_words(demo, admin_client):
    import uuid

    from django.utils import timezone

    from cookies.models import ConsentRecord

    notice = demo["notice"]
    record = ConsentRecord.objects.create(
        consent_id=uuid.uuid4(),
        choices={
            "analytics": {"state": "accepted", "version": "1"},
            "external_media": {"state": "declined", "version": "1"},
        },
        outcome="partial",
        source="banner",
        policy_version=1,
        notice_revision_id=notice.live_revision_id,
        language="en",
    )
    html = admin_client.get(f"/admin/consent_records/inspect/{record.pk}/").content.decode()
    version = NoticeVersion.for_revision(notice.live_revision_id)
    # The proof links to the very text the visitor was shown.
    assert f'href="{version.get_url()}"' in html
    assert "Analytiikka: hyväksytty" in html
    assert "hylätty" in html and "{&#x27;" not in html and "{'" not in html
    local = timezone.localtime(record.created_at)
    assert f"klo {local:%H.%M}" in html
    assert "English" in html and "False" not in html and "accepted some" not in html
