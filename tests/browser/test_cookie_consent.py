"""Cookie consent journeys in real Chromium: Google is asked for nothing before consent."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import Site

from cookies.models import ConsentRecord, ConsentSettings
from tests.browser.conftest import axe_serious_violations

pytestmark = [
    pytest.mark.browser,
    # The live server needs real commits; `migrated_data` restores the declarations and the
    # home page that data migrations installed.
    pytest.mark.django_db(transaction=True),
]

MEASUREMENT_ID = "G-TEST123456"
GOOGLE = re.compile(r"^https?://([a-z0-9-]+\.)*(googletagmanager|google-analytics|google)\.com/")


@pytest.fixture(autouse=True)
def analytics_configured(migrated_data, live_server):
    cache.clear()
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.ga_measurement_id = MEASUREMENT_ID
    setting.save()
    yield
    cache.clear()


class Google:
    """Records every request to Google and answers with an empty script; no network exists."""

    def __init__(self, context, live_server_url: str):
        self.requests: list[str] = []
        self.foreign: list[str] = []
        context.route(GOOGLE, self.answer)
        context.on("request", self.watch)
        self.own = live_server_url

    def answer(self, route) -> None:
        self.requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body="")

    def watch(self, request) -> None:
        if not request.url.startswith(self.own) and not request.url.startswith("data:"):
            self.foreign.append(request.url)


@pytest.fixture
def google(page, live_server) -> Google:
    return Google(page.context, live_server.url)


def data_layer(page) -> list[list]:
    return page.evaluate("(window.dataLayer || []).map(a => Array.from(a))")


def consent_commands(page) -> list[tuple]:
    return [tuple(entry[:2]) + (entry[2],) for entry in data_layer(page) if entry[0] == "consent"]


def banner(page):
    return page.get_by_role("region", name="Evästeet tällä sivustolla")


def ga_cookies(context) -> list[str]:
    return [c["name"] for c in context.cookies() if re.match(r"^_ga(_|$)", c["name"])]


def test_first_visit_asks_nothing_and_the_banner_is_accessible(page, google):
    page.goto("/fi/")
    region = banner(page)
    assert region.is_visible()
    accept = region.get_by_role("button", name="Hyväksy kaikki", exact=True)
    reject = region.get_by_role("button", name="Hylkää kaikki", exact=True)
    assert region.get_by_role("link", name="Asetukset").is_visible()
    # Equal prominence: same size, weight and colours.
    style = (
        "e => { const s = getComputedStyle(e);"
        " return [s.fontSize, s.fontWeight, s.backgroundColor, s.color, s.borderWidth] }"
    )
    assert accept.evaluate(style) == reject.evaluate(style)
    accept_box, reject_box = accept.bounding_box(), reject.bounding_box()
    assert (accept_box["width"], accept_box["height"]) == (
        reject_box["width"],
        reject_box["height"],
    )
    # It floats over the page, so it moves no content.
    assert region.evaluate("e => getComputedStyle(e).position") == "fixed"
    # Keyboard: the banner comes first, and focus is visible.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hyväksy kaikki"
    assert accept.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    assert axe_serious_violations(page) == []
    assert google.requests == [] and google.foreign == []
    assert page.context.cookies() == []
    assert page.get_by_role("contentinfo").get_by_role("link", name="Evästeasetukset").is_visible()

    # The settings page offers the same choices; the banner stays out of its way.
    page.get_by_role("contentinfo").get_by_role("link", name="Evästeasetukset").click()
    page.wait_for_url("**/fi/evasteasetukset/")
    assert not banner(page).is_visible()
    analytics = page.get_by_role("region", name="Analytiikka")
    assert analytics.get_by_text("ei vielä valittu", exact=False).is_visible()
    assert axe_serious_violations(page) == []
    assert google.requests == [] and page.context.cookies() == []


def test_accept_loads_analytics_after_the_consent_default_also_after_reload(page, google):
    page.goto("/fi/")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.querySelector('script[src*=googletagmanager]')")
    page.wait_for_timeout(200)
    assert len(google.requests) == 1
    assert f"id={MEASUREMENT_ID}" in google.requests[0]
    commands = consent_commands(page)
    assert commands[0][:2] == ("consent", "default")
    assert commands[0][2]["analytics_storage"] == "denied"
    assert {k: commands[0][2][k] for k in ("ad_storage", "ad_user_data", "ad_personalization")} == {
        "ad_storage": "denied",
        "ad_user_data": "denied",
        "ad_personalization": "denied",
    }
    assert "wait_for_update" in commands[0][2]
    assert ("consent", "update", {"analytics_storage": "granted"}) in commands
    layer = data_layer(page)
    assert [e[0] for e in layer].index("config") > [
        e[1] if len(e) > 1 else "" for e in layer
    ].index("update")
    assert not banner(page).is_visible()
    assert ConsentRecord.objects.get().outcome == "accepted"

    page.reload()
    page.wait_for_function("document.querySelector('script[src*=googletagmanager]')")
    page.wait_for_timeout(200)
    assert not banner(page).is_visible()
    assert len(google.requests) == 2
    assert ("consent", "update", {"analytics_storage": "granted"}) in consent_commands(page)


def test_reject_asks_nothing_also_after_reload(page, google):
    page.goto("/fi/")
    banner(page).get_by_role("button", name="Hylkää kaikki").click()
    page.wait_for_function("document.documentElement.classList.contains('cc-done')")
    assert not banner(page).is_visible()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not banner(page).is_visible()
    assert google.requests == [] and google.foreign == []
    assert ConsentRecord.objects.get().outcome == "declined"


def test_withdraw_from_the_footer_settings_page(page, google, live_server):
    page.goto("/fi/")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.querySelector('script[src*=googletagmanager]')")
    # What gtag.js would have set, host-only and on the parent domain.
    page.context.add_cookies(
        [
            {"name": "_ga", "value": "GA1.1.123.456", "url": live_server.url},
            {"name": "_ga_TEST123456", "value": "GS1.1.1", "url": live_server.url},
        ]
    )
    assert len(ga_cookies(page.context)) == 2
    page.get_by_role("contentinfo").get_by_role("link", name="Evästeasetukset").click()
    page.wait_for_url("**/fi/evasteasetukset/")
    analytics = page.get_by_role("region", name="Analytiikka")
    assert analytics.get_by_text("hyväksytty", exact=True).is_visible()
    assert axe_serious_violations(page) == []
    requests_before = len(google.requests)
    analytics.get_by_role("button", name="Hylkää", exact=True).click()
    page.get_by_role("status").get_by_text("Valintasi on tallennettu.").wait_for()
    assert analytics.get_by_text("hylätty", exact=True).is_visible()
    assert ga_cookies(page.context) == []
    assert ("consent", "update", {"analytics_storage": "denied"}) in consent_commands(page)
    assert page.evaluate(f"window['ga-disable-{MEASUREMENT_ID}']") is True

    page.goto("/fi/")
    page.wait_for_load_state("networkidle")
    assert len(google.requests) == requests_before
    assert ga_cookies(page.context) == []
    assert not banner(page).is_visible()
    # Analytics withdrawn, external media still accepted.
    assert list(ConsentRecord.objects.order_by("created_at").values_list("outcome", flat=True)) == [
        "accepted",
        "partial",
    ]


def test_global_privacy_control_refuses_unless_opted_in_on_settings_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fi-FI", extra_http_headers={"Sec-GPC": "1"}
    )
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    google = Google(context, live_server.url)
    page = context.new_page()
    try:
        page.goto("/fi/")
        page.wait_for_load_state("networkidle")
        assert not banner(page).is_visible()
        assert google.requests == [] and google.foreign == []
        page.goto("/fi/evasteasetukset/")
        assert page.get_by_text("Global Privacy Control").is_visible()
        analytics = page.get_by_role("region", name="Analytiikka")
        assert analytics.get_by_text("hylätty", exact=True).is_visible()
        # An explicit opt-in here overrides the signal.
        analytics.get_by_role("button", name="Hyväksy", exact=True).click()
        page.wait_for_function("document.querySelector('script[src*=googletagmanager]')")
        assert analytics.get_by_text("hyväksytty", exact=True).is_visible()
        assert ConsentRecord.objects.get().global_privacy_control
    finally:
        context.close()


def test_without_javascript_the_banner_buttons_post_and_come_back(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fi-FI", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/fi/")
        banner(page).get_by_role("button", name="Hylkää kaikki").click()
        page.wait_for_url(re.compile(r"/fi/#cc-saved$"))
        # The page cannot read the cookie without JavaScript; its CSS confirms the choice.
        assert page.get_by_text("Valintasi on tallennettu.").is_visible()
        assert not banner(page).is_visible()
        assert ConsentRecord.objects.get().outcome == "declined"
        consent = [c for c in context.cookies() if c["name"] == "cookie_consent"]
        assert consent and "analytics=-1" in consent[0]["value"]
    finally:
        context.close()


def test_page_bytes_are_the_same_with_and_without_a_consent_cookie(page, google):
    before = page.context.request.get("/fi/")
    assert "set-cookie" not in before.headers
    assert "cookie" not in before.headers.get("vary", "").lower()
    page.goto("/fi/")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.documentElement.classList.contains('cc-done')")
    assert any(c["name"] == "cookie_consent" for c in page.context.cookies())
    after = page.context.request.get("/fi/")
    assert after.body() == before.body()


def test_a_new_cookie_or_a_material_change_makes_the_banner_ask_again(page, google):
    from cookie_consent.models import CookieGroup

    from cookies.consent import request_reconsent
    from cookies.models import DeclaredCookie

    page.goto("/fi/")
    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.documentElement.classList.contains('cc-done')")
    page.reload()
    assert not banner(page).is_visible()

    DeclaredCookie.objects.create(
        cookiegroup=CookieGroup.objects.get(varname="analytics"),
        name="_gcl_au",
        duration_value=90,
        duration_unit="days",
    )
    requests_before = len(google.requests)
    page.reload()
    assert banner(page).is_visible()
    page.wait_for_load_state("networkidle")
    assert len(google.requests) == requests_before  # the old consent no longer covers it

    banner(page).get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.documentElement.classList.contains('cc-done')")
    request_reconsent("The notice changed materially", revision_id=1)
    page.reload()
    assert banner(page).is_visible()
