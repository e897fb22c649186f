"""Finnish, Swedish and English: the demo's pages, the switcher, hreflang, drift and the admin."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from home.models import HomePage
from notices.models import ContactPerson, PrivacyNoticePage, SupervisoryAuthority
from notices.rights.models import RightsRequestPage

PAGES = {
    "fi": ("/fi/tietosuojaseloste/", "/fi/tietosuojaseloste/pyynto/", "/fi/"),
    "sv": ("/sv/dataskyddsbeskrivning/", "/sv/dataskyddsbeskrivning/begaran/", "/sv/"),
    "en": ("/en/privacy-notice/", "/en/privacy-notice/request/", "/en/"),
}

# What a reader of each language sees: interface strings from the catalogues, content from
# wagtail-localize's translations, and snippets in the page's language.
EXPECTED_ON_NOTICE = {
    "fi": [
        "Tietosuojaseloste – asiakasrekisteri",
        "Laadittu",
        "Päivitetty",
        "Sisällys",
        "Rekisterinpitäjä",
        "Yhteyshenkilö rekisteriä koskevissa asioissa",
        "Tietosuojavastaava",
        "Rekisteröidyn oikeudet",
        "Asiakaspalvelupäällikkö",
        "Tietosuojavaltuutetun toimisto",
        "Asiakassuhteen hoitaminen ja sopimusten täyttäminen",
    ],
    "sv": [
        "Dataskyddsbeskrivning – kundregister",
        "Upprättad",
        "Uppdaterad",
        "Innehåll",
        "Personuppgiftsansvarig",
        "Kontaktperson i ärenden som gäller registret",
        "Dataskyddsombud",
        "Den registrerades rättigheter",
        "Kundtjänstchef",
        "Dataombudsmannens byrå",
        "Skötsel av kundrelationen och fullgörande av avtal",
        "Du kan be oss rätta felaktiga uppgifter om dig",
    ],
    "en": [
        "Privacy notice – customer register",
        "Prepared",
        "Updated",
        "Contents",
        "Controller",
        "Contact person for matters concerning the register",
        "Data protection officer",
        "Rights of the data subject",
        "Customer service manager",
        "Office of the Data Protection Ombudsman",
        "Managing the customer relationship and performing contracts",
    ],
}
# A string of each language that must not leak into the others.
FOREIGN = {
    "fi": ["Upprättad", "Prepared", "Dataskyddsbeskrivning"],
    "sv": ["Laadittu", "Prepared", "Asiakaspalvelupäällikkö", "Tietosuojavaltuutetun"],
    "en": ["Laadittu", "Upprättad", "Asiakaspalvelupäällikkö", "Dataombudsmannens"],
}


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "no <html lang>"
    return match.group(1)


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert nav, "no language switcher"
    return {
        lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav.group(0))
    }


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_each_language_reads_in_its_language(demo, client, language):
    notice_url, request_url, home_url = PAGES[language]
    response = client.get(notice_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == language
    for text in EXPECTED_ON_NOTICE[language]:
        assert text in html, f"{text!r} missing from {notice_url}"
    for text in FOREIGN[language]:
        assert text not in html, f"{text!r} leaked into {notice_url}"

    for url in (request_url, home_url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang(response.content.decode()) == language


def test_demo_translations_were_made_with_wagtail_localize(demo):
    """Every source segment of the demo has a human translation into sv and en."""
    sources = TranslationSource.objects.filter(locale__language_code="fi")
    assert {s.specific_content_type.model for s in sources} >= {
        "homepage",
        "privacynoticepage",
        "rightsrequestpage",
        "contactperson",
    }
    for language in ("sv", "en"):
        locale = Locale.objects.get(language_code=language)
        for source in sources:
            segments = StringSegment.objects.filter(source=source)
            assert segments.exists()
            translated = StringTranslation.objects.filter(
                locale=locale,
                translation_of__in=segments.values("string"),
                context__in=segments.values("context"),
                translation_type="manual",
            ).count()
            assert translated >= segments.count(), (source.object_repr, language)
            assert source.translations.get(target_locale=locale).enabled

    # Each section of the notice was its own segment, list items included.
    notice_source = sources.get(specific_content_type__model="privacynoticepage")
    paths = set(
        StringSegment.objects.filter(source=notice_source).values_list("context__path", flat=True)
    )
    assert any(path.startswith("body.") and path.endswith(".purpose") for path in paths)
    assert any(path.endswith(".category") for path in paths)


def test_load_demo_twice_changes_nothing(demo):
    counts = (
        Page.objects.count(),
        ContactPerson.objects.count(),
        StringTranslation.objects.count(),
    )
    latest = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    call_command("load_demo", verbosity=0)
    assert (
        Page.objects.count(),
        ContactPerson.objects.count(),
        StringTranslation.objects.count(),
    ) == counts
    assert {p.pk: p.latest_revision_id for p in Page.objects.all()} == latest


def test_every_locale_has_the_supervisory_authority(db):
    authorities = SupervisoryAuthority.objects.filter(is_default=True)
    assert {a.locale.language_code for a in authorities} == {"fi", "sv", "en"}
    assert len({a.translation_key for a in authorities}) == 1


def test_switcher_and_hreflang_point_to_the_same_page_in_each_language(demo, client):
    html = client.get("/sv/dataskyddsbeskrivning/begaran/").content.decode()
    expected = {
        "fi": "http://testserver/fi/tietosuojaseloste/pyynto/",
        "sv": "http://testserver/sv/dataskyddsbeskrivning/begaran/",
        "en": "http://testserver/en/privacy-notice/request/",
    }
    assert switcher_links(html) == expected
    assert alternates(html) == {**expected, "x-default": expected["fi"]}
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'aria-label="Språk"' in nav
    assert 'lang="sv" aria-current="true">Svenska<' in nav


def test_untranslated_page_offers_the_other_languages_home_pages(demo, client):
    fi_home = HomePage.objects.get(locale__language_code="fi")
    only_finnish = PrivacyNoticePage(title="Vain suomeksi", slug="vain-suomeksi", body="[]")
    fi_home.add_child(instance=only_finnish)
    only_finnish.save_revision().publish()

    html = client.get("/fi/vain-suomeksi/").content.decode()
    assert switcher_links(html) == {
        "fi": "http://testserver/fi/vain-suomeksi/",
        "sv": "http://testserver/sv/",
        "en": "http://testserver/en/",
    }
    # A home page is no alternate of this page, so no hreflang claims it is.
    assert alternates(html) == {}


def test_translated_page_says_which_version_it_follows_and_when_it_falls_behind(demo, client):
    html = client.get("/en/privacy-notice/").content.decode()
    assert "This translation follows the Finnish version of" in html
    assert "has been updated since" not in html
    sv_html = client.get("/sv/dataskyddsbeskrivning/").content.decode()
    assert "Den här översättningen följer den finska versionen från" in sv_html
    assert "translation-status" not in client.get("/fi/tietosuojaseloste/").content.decode()

    source = PrivacyNoticePage.objects.get(locale__language_code="fi")
    source.intro += " Lisäsimme uutiskirjeen tilaajien tiedot."
    source.save_revision().publish()

    html = client.get("/en/privacy-notice/").content.decode()
    assert "The original has been updated since" in html
    assert 'href="/fi/tietosuojaseloste/" hreflang="fi"' in html
    sv_html = client.get("/sv/dataskyddsbeskrivning/").content.decode()
    assert "Originalet har därefter uppdaterats" in sv_html

    # A sync alone changes nothing readers see, so the translation is still behind...
    translation_source = TranslationSource.objects.get_for_instance(source)
    translation_source.update_from_db()
    assert "has been updated since" in client.get("/en/privacy-notice/").content.decode()
    # ...until the synced translation is published.
    english = Locale.objects.get(language_code="en")
    translation_source.translations.get(target_locale=english).save_target(publish=False)
    # wagtail-localize publishes on commit; the test runs inside one transaction.
    PrivacyNoticePage.objects.get(locale=english).get_latest_revision().publish()
    assert "has been updated since" not in client.get("/en/privacy-notice/").content.decode()
    assert "Originalet har därefter uppdaterats" in (
        client.get("/sv/dataskyddsbeskrivning/").content.decode()
    )


def test_admin_lists_translations_behind_their_original(demo, admin_client):
    report = "/admin/reports/translations-behind/"
    assert "Sync translations" not in admin_client.get(report).content.decode()

    source = PrivacyNoticePage.objects.get(locale__language_code="fi")
    source.save_revision().publish()

    html = admin_client.get(report).content.decode()
    source_id = TranslationSource.objects.get_for_instance(source).pk
    assert html.count(f'href="/admin/localize/update/{source_id}/"') == 2  # sv and en
    dashboard = admin_client.get("/admin/").content.decode()
    assert 'id="translations-behind' in dashboard
    assert "Synkronoi käännökset" in dashboard  # the admin speaks Finnish


def test_admin_speaks_finnish_to_the_demo_admin(db, client):
    call_command("ensure_admin", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    assert admin.wagtail_userprofile.preferred_language == "fi"
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert html_lang(html) == "fi"
    assert "Kojelauta" in html or "Hallintapaneeli" in html  # Wagtail's own Finnish
    assert "Tietosuojaseloste" in html  # this project's menu, from notices/locale


def test_request_page_of_a_translation_routes_to_the_translated_contact_person(demo):
    for language in ("sv", "en"):
        page = RightsRequestPage.objects.get(locale__language_code=language)
        person = page.notice.contact_person
        assert person.locale.language_code == language
        assert person.email == "tietosuoja@revontuli.example"


def test_cookie_settings_page_switches_to_its_own_address_in_each_language(db, client):
    """Not a Wagtail page: the switcher follows Django's translated URL patterns."""
    html = client.get("/sv/cookieinstallningar/").content.decode()
    assert html_lang(html) == "sv"
    expected = {
        "fi": "http://testserver/fi/evasteasetukset/",
        "sv": "http://testserver/sv/cookieinstallningar/",
        "en": "http://testserver/en/cookie-settings/",
    }
    assert switcher_links(html) == expected
    assert alternates(html)["en"] == expected["en"]


def test_translator_sees_the_notice_segment_by_segment(demo, admin_client):
    """A synced translation opens in wagtail-localize's editor with the notice's sections."""
    translated = PrivacyNoticePage.objects.get(locale__language_code="sv")
    response = admin_client.get(f"/admin/pages/{translated.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "wagtail-localize" in html or "translation-editor" in html
    # Segments travel as JSON (non-ASCII escaped): the Finnish source beside its translation.
    for text in ("Asiakassuhteen hoitaminen ja sopimusten", "av kundrelationen och fullg"):
        assert text in html


def test_sub_route_of_a_page_claims_no_alternates(demo, client):
    """The form's "sent" step is not the form: no hreflang, but the switcher still helps."""
    html = client.get("/sv/dataskyddsbeskrivning/begaran/sent/").content.decode()
    assert html_lang(html) == "sv"
    assert alternates(html) == {}
    assert switcher_links(html)["en"] == "http://testserver/en/privacy-notice/request/"
