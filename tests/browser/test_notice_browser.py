import pytest

from tests.browser.conftest import axe_serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_notice_page_is_axe_clean_and_navigable(demo_site, page):
    page.goto("/fi/tietosuojaseloste/")
    assert page.locator("h1").count() == 1
    sections = page.locator("section.notice-section")
    assert sections.count() >= 12
    toc_links = page.locator("nav.toc a")
    assert toc_links.count() == sections.count()

    # Following a table-of-contents link lands on its section.
    target = toc_links.nth(10)
    href = target.get_attribute("href")
    target.click()
    page.wait_for_function("hash => location.hash === hash", arg=href)
    assert page.locator(f"{href} h2").is_visible()

    violations = axe_serious_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_skip_link_moves_focus_to_main_content(demo_site, page):
    page.goto("/fi/tietosuojaseloste/")
    skip_link = page.locator("a.skip-link")
    skip_link.focus()
    assert skip_link.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_notice_links_to_the_request_form(demo_site, page):
    page.goto("/fi/tietosuojaseloste/")
    page.locator('a[href="/fi/tietosuojaseloste/pyynto/"]').first.click()
    page.wait_for_url("**/fi/tietosuojaseloste/pyynto/")
    assert page.locator("h1").count() == 1


def test_print_layout_hides_navigation(demo_site, page):
    page.goto("/fi/tietosuojaseloste/")
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible()
    assert page.locator("section.notice-section").first.is_visible()
