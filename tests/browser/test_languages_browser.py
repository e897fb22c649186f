"""The banner, the footer link and the language switcher in each language, in real Chromium."""

import pytest

from tests.browser.conftest import axe_serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BANNER = {
    "fi": ("/fi/tietosuojaseloste/", "Hyväksy kaikki", "Hylkää kaikki", "Evästeasetukset"),
    "sv": ("/sv/dataskyddsbeskrivning/", "Godkänn alla", "Avvisa alla", "Cookieinställningar"),
    "en": ("/en/privacy-notice/", "Accept all", "Reject all", "Cookie settings"),
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_banner_and_footer_speak_the_page_language(demo_site, page, language):
    url, accept, reject, settings_link = BANNER[language]
    page.goto(url)
    assert page.evaluate("document.documentElement.lang") == language
    assert page.get_by_role("button", name=accept, exact=True).is_visible()
    assert page.get_by_role("button", name=reject, exact=True).is_visible()
    assert page.locator("footer").get_by_role("link", name=settings_link, exact=True).count() == 1

    # Rejecting keeps the visitor on the same page in the same language, without the banner.
    page.get_by_role("button", name=reject, exact=True).click()
    page.get_by_role("button", name=reject, exact=True).wait_for(state="hidden")
    assert page.evaluate("location.pathname") == url
    assert page.evaluate("document.documentElement.lang") == language

    violations = axe_serious_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_switching_language_by_keyboard_keeps_the_page(demo_site, page):
    page.goto("/fi/tietosuojaseloste/pyynto/")
    switcher = page.get_by_role("navigation", name="Kieli")
    link = switcher.get_by_role("link", name="Svenska")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sv/dataskyddsbeskrivning/begaran/")
    assert page.evaluate("document.documentElement.lang") == "sv"
    current = page.get_by_role("navigation", name="Språk").locator("[aria-current]")
    assert current.inner_text() == "Svenska"
