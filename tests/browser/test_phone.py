"""Every public page as a phone shows it (Chromium's mobile emulation with touch, 320 and 390 px
wide): nothing wider than the screen, the banner on screen at once and the page never moving
under it, form controls inside their column, and axe clean."""

import pytest
from django.core.cache import cache

from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/fi/tietosuojaseloste/",
    "/sv/dataskyddsbeskrivning/",
    "/en/privacy-notice/",
    "/fi/tietosuojaseloste/pyynto/",
    "/fi/tietosuojaseloste/versiot/",
    "/fi/evasteasetukset/",
    "/fi/",
]
SCREENS = {320: 568, 390: 844}  # an iPhone SE's and a current phone's CSS pixels

# Layout shifts since the page started, as Chromium reports them (Cumulative Layout Shift).
LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 300);
})"""
# What sticks out, to name it when a page is too wide.
WIDEST = """() => {
  const page = document.documentElement.clientWidth;
  const right = e => e.getBoundingClientRect().right;
  return [...document.querySelectorAll("body *")]
    .filter(e => right(e) > page + 0.5 && getComputedStyle(e).position !== "fixed")
    .slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(right(e)));
}"""
CONTROLS_OUTSIDE_THEIR_COLUMN = """() => {
  const right = e => e.getBoundingClientRect().right;
  return [...document.querySelectorAll("main input, main textarea, main select, main button")]
    .filter(c => c.type !== "hidden" && c.offsetParent)
    .filter(c => right(c) > right(c.closest("form, .container")) + 0.5)
    .map(c => c.name || c.id);
}"""


@pytest.fixture
def phone(browser, live_server, demo_site):
    cache.clear()
    contexts = []

    def open_page(width: int, language: str = "fi-FI"):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": SCREENS[width]},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale=language,
        )
        # Nothing leaves this machine; a page that tried would fail its test below.
        context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", sorted(SCREENS))
@pytest.mark.parametrize("path", PAGES)
def test_a_phone_shows_the_whole_page_and_the_banner_on_screen(phone, width, path):
    page = phone(width)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate("[document.documentElement.scrollWidth, innerWidth, innerHeight]")
    assert sizes[0] <= sizes[1], (path, sizes, page.evaluate(WIDEST))
    assert page.evaluate(LAYOUT_SHIFT) == 0
    assert page.evaluate(CONTROLS_OUTSIDE_THEIR_COLUMN) == []
    banner = page.locator("#cc-banner")
    if path == "/fi/evasteasetukset/":
        assert not banner.is_visible()  # the settings page offers the same choices
    else:
        box = banner.bounding_box()
        assert banner.is_visible()
        assert box["y"] >= 0 and box["y"] + box["height"] <= sizes[2] + 0.5, box
        assert box["width"] <= sizes[1]
        # Accept and reject are the same size however the buttons wrap.
        buttons = banner.locator("button").all()
        assert (
            len(
                {
                    (round(b.bounding_box()["width"]), round(b.bounding_box()["height"]))
                    for b in buttons
                }
            )
            == 1
        )
        # Still on screen at the end of a long page (it once fell below a widened viewport).
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        box = banner.bounding_box()
        assert box["y"] + box["height"] <= sizes[2] + 0.5
        # …and the end of the page can be scrolled above it.
        last = page.locator("footer").bounding_box()
        assert last["y"] + last["height"] <= box["y"] + 1
    assert axe_serious_violations(page) == []


def test_tables_reflow_with_their_column_names_on_a_phone(phone):
    page = phone(320)
    page.goto("/fi/tietosuojaseloste/")
    table = page.locator("table.cc-table").first
    cell = table.locator("td").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert "Tallennuspaikka" in label
    # The column headers stay for screen readers, off screen.
    assert table.locator("thead").evaluate("h => h.getBoundingClientRect().width") <= 1
    assert table.locator("th[scope=col]").count() == 7


def test_a_first_visit_to_the_notice_is_four_requests_with_one_stylesheet(phone, live_server):
    page = phone(390)
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto("/fi/tietosuojaseloste/")
    page.wait_for_load_state("networkidle")
    stylesheets = [r.url for r in requests if r.resource_type == "stylesheet"]
    assert [url.removeprefix(live_server.url) for url in stylesheets] == ["/static/css/site.css"]
    assert len(requests) <= 4, [r.url for r in requests]
