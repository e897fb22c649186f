"""The public version history in the real browser: readable, linked, axe-clean."""

import pytest

from tests.browser.conftest import axe_serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_version_history_and_an_earlier_version(demo_site, page):
    from notices.models import PrivacyNoticePage

    notice = PrivacyNoticePage.objects.get(slug="tietosuojaseloste", locale__language_code="fi")
    notice.intro = "Päivitetty johdanto."
    notice.change_summary = "Lisäsimme uuden käsittelijän."
    notice.save_revision().publish()

    page.goto("/fi/tietosuojaseloste/")
    page.locator(".notice-history-link a").first.click()
    page.wait_for_url("**/fi/tietosuojaseloste/versiot/")
    assert page.locator("ol.version-list > li").count() == 2
    assert page.get_by_text("Lisäsimme uuden käsittelijän.").is_visible()
    violations = axe_serious_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]

    # The oldest version, reached with the keyboard, says it is not the current one.
    page.locator("ol.version-list > li").last.locator("a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fi/tietosuojaseloste/versiot/*/")
    assert page.locator(".notice-version-banner").is_visible()
    assert page.get_by_text("Päivitetty johdanto.").count() == 0
    violations = axe_serious_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
