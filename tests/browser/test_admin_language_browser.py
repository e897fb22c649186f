"""The Finnish admin in real Chromium: what scripts draw (the translation editor, the autosave
indicator, dialogs) as well as what the server sends, with no English left anywhere."""

import re

import pytest

from tests.admin_language import ENGLISH_WORD, PLACEHOLDER, english_left, package_msgids

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every text a person reads or hears: rendered text lines and the attributes read aloud.
READ_TEXTS_JS = """() => {
  const texts = document.body.innerText.split("\\n");
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts.map((t) => t.replace(/\\s+/g, " ").trim()).filter(Boolean);
}"""
# Which of the scripts' msgids the page's loaded catalogues leave in English.
UNTRANSLATED_JS = """(msgids) => msgids.filter((m) => window.gettext && window.gettext(m) === m)"""


@pytest.fixture
def finnish_editor(demo_site, page, live_server):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser("toimittaja", "t@example.com", "salasana-1")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fi"
    profile.save()
    page.goto("/admin/login/")
    page.fill("input[name=username]", "toimittaja")
    page.fill("input[name=password]", "salasana-1")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def script_english(page, texts: list[str]) -> list[str]:
    msgids = sorted({m for __, m in package_msgids("djangojs")})
    untranslated = page.evaluate(UNTRANSLATED_JS, msgids)
    exact = {" ".join(m.split()) for m in untranslated if not PLACEHOLDER.search(m)}
    patterns = [
        re.compile(".+?".join(re.escape(p.strip()) for p in PLACEHOLDER.split(m)))
        for m in untranslated
        if PLACEHOLDER.search(m) and any(ENGLISH_WORD.search(p) for p in PLACEHOLDER.split(m))
    ]
    return sorted(
        {t for t in texts if t in exact or any(p.fullmatch(t) for p in patterns if len(t) < 300)}
    )


def english_on(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    texts = page.evaluate(READ_TEXTS_JS)
    return sorted(set(english_left(texts, "fi")) | set(script_english(page, texts)))


def test_finnish_editor_meets_no_english_in_the_browser(finnish_editor):
    from notices.models import ContactPerson, PrivacyNoticePage

    page = finnish_editor
    fi_notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    sv_notice = PrivacyNoticePage.objects.get(locale__language_code="sv")
    person = ContactPerson.objects.get(locale__language_code="fi")
    screens = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{fi_notice.get_parent().pk}/",
        "notice editor": f"/admin/pages/{fi_notice.pk}/edit/",
        "translation editor": f"/admin/pages/{sv_notice.pk}/edit/",
        "contact person": f"/admin/snippets/seloste_notices/contactperson/edit/{person.pk}/",
        "inbox": "/admin/rights-requests/",
        "cookie settings": "/admin/settings/seloste_cookies/consentsettings/",
    }
    left = {}
    for what, url in screens.items():
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == "fi", what
        for text in english_on(page):
            left.setdefault(text, what)
    assert not left, f"English in the Finnish admin: {left}"


def test_translation_editor_heading_and_synchronised_values_speak_finnish(finnish_editor):
    from notices.models import PrivacyNoticePage

    page = finnish_editor
    sv_notice = PrivacyNoticePage.objects.get(locale__language_code="sv")
    page.goto(f"/admin/pages/{sv_notice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    assert "Suomi to Svenska translation" not in text
    assert "Käännös: Suomi → Svenska" in text
    assert "Julkaise kielellä" in text


def test_failed_save_of_the_notice_is_explained_in_finnish(finnish_editor):
    from notices.models import PrivacyNoticePage

    page = finnish_editor
    notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    page.goto(f"/admin/pages/{notice.pk}/edit/")
    page.fill("#id_title", "")
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.wait_for_load_state("networkidle")
    assert "Sivua ei voitu tallentaa, koska lomakkeessa on virheitä." in page.inner_text("body")
    assert english_on(page) == []


def test_translation_editor_dates_are_day_first(finnish_editor):
    from notices.models import PrivacyNoticePage

    page = finnish_editor
    sv_notice = PrivacyNoticePage.objects.get(locale__language_code="sv")
    page.goto(f"/admin/pages/{sv_notice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\b({months})\b", text)
    assert re.search(r"Käännetty manuaalisesti \d{1,2}\.\d{1,2}\.\d{4}", text)


def test_legitimate_interest_is_asked_only_for_a_purpose_based_on_it(finnish_editor):
    from notices.models import PrivacyNoticePage

    page = finnish_editor
    notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    page.goto(f"/admin/pages/{notice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    bases = page.locator('[data-contentpath="legal_basis"] select')
    interests = page.locator('[data-contentpath="legitimate_interest"]')
    assert bases.count() >= 2 and bases.count() == interests.count()
    values = [bases.nth(i).input_value() for i in range(bases.count())]
    shown = [interests.nth(i).is_visible() for i in range(bases.count())]
    assert shown == [v == "legitimate_interests" for v in values], (values, shown)
    assert True in shown and False in shown  # the demo has both kinds of purpose
    consent = values.index("consent") if "consent" in values else shown.index(False)
    bases.nth(consent).select_option("legitimate_interests")
    assert interests.nth(consent).is_visible()
    interests.nth(consent).scroll_into_view_if_needed()
    page.screenshot(path="/tmp/seloste-legitimate-interest.png")
    bases.nth(consent).select_option(values[consent])
    assert not interests.nth(consent).is_visible()


def test_summary_of_changes_is_asked_when_publishing(finnish_editor):
    from notices.models import NoticeVersion, PrivacyNoticePage

    page = finnish_editor
    notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    page.goto(f"/admin/pages/{notice.pk}/edit/")
    page.wait_for_load_state("networkidle")
    summary = page.locator("textarea[name=change_summary]")
    assert not summary.is_visible()  # not at the bottom of the form any more
    page.fill("#id_intro", notice.intro + " Lisätty uusi käsittelijä.")
    publish = page.locator('button[name="action-publish"]')
    if not publish.is_visible():  # behind the footer's "more actions" toggle
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    publish.click()
    dialog = page.get_by_role("dialog", name="Julkaise tämä versio")
    assert dialog.is_visible()
    assert summary.is_visible()
    summary.fill("Uusi käsittelijä: laskutuspalvelu.")
    page.screenshot(path="/tmp/seloste-publish-dialog.png")
    assert english_on(page) == []
    dialog.get_by_role("button", name="Julkaise").click()
    page.wait_for_load_state("networkidle")
    version = NoticeVersion.objects.filter(page=notice).order_by("-pk").first()
    assert version.change_summary == "Uusi käsittelijä: laskutuspalvelu."


def test_finnish_editor_changes_the_contact_person_once_and_every_language_follows(
    finnish_editor,
):
    from notices.models import ContactPerson, NoticeVersion, PrivacyNoticePage

    page = finnish_editor
    person = ContactPerson.objects.get(locale__language_code="fi")
    sv_person = ContactPerson.objects.get(locale__language_code="sv")
    old_phone, new_phone = person.phone, "+358 50 987 6543"
    first = NoticeVersion.objects.filter(
        page=PrivacyNoticePage.objects.get(locale__language_code="fi")
    ).order_by("pk")[0]
    page.goto(f"/admin/snippets/seloste_notices/contactperson/edit/{person.pk}/")
    page.fill("#id_phone", new_phone)
    page.fill("#id_email", "yksityisyys@revontuli.example")
    page.get_by_role("button", name="Tallenna").first.click()
    page.wait_for_load_state("networkidle")
    assert english_on(page) == []

    # The Swedish contact person offers only its words (the role) to translate: no stale copy
    # of the shared facts, nothing "synchronised" to keep up to date.
    page.goto(f"/admin/snippets/seloste_notices/contactperson/edit/{sv_person.pk}/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/seloste-swedish-contact-person.png", full_page=True)
    text = page.locator("body").inner_text()
    assert "Kundtjänstchef" in text and old_phone not in text
    assert "Uses Suomi version" not in text and "More actions" not in text
    assert "Lisää toimintoja" in text
    assert english_on(page) == []

    for url in ("/fi/tietosuojaseloste/", "/sv/dataskyddsbeskrivning/", "/en/privacy-notice/"):
        page.goto(url)
        assert new_phone in page.locator("main").inner_text(), url
    page.goto(f"/fi/tietosuojaseloste/versiot/{first.pk}/")
    archived = page.locator("main").inner_text()
    assert old_phone in archived and new_phone not in archived
