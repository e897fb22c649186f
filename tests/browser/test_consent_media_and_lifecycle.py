"""In real Chromium: the demo's YouTube video waits behind its placeholder with no request to
YouTube until the visitor loads it or allows external media; withdrawal puts the placeholder
back and clears cookies and storage keys; choices last as the site's lifecycle says."""

import re
import time

import pytest
from cookie_consent.util import dict_to_cookie_str
from django.core.cache import cache

from cookies.consent import current_policy, request_reconsent
from cookies.models import BannerVersion, ConsentRecord, DeclaredCookie
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = 24 * 60 * 60
PROVIDER = re.compile(
    r"^https?://([a-z0-9-]+\.)*(youtube|youtube-nocookie|ytimg|google|googlevideo)\.com/"
)


class Network:
    """Every request the browser makes; YouTube's answered by a stub player (no internet here)."""

    def __init__(self, context, own: str):
        self.own = own
        self.requests: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.route(PROVIDER, self.stub)

    @staticmethod
    def stub(route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>player</title><p>player")

    def to_providers(self) -> list[str]:
        return [url for url in self.requests if PROVIDER.match(url)]

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.own, "data:", "about:"))]


@pytest.fixture
def visitor(browser, live_server, demo_site):
    cache.clear()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="fi-FI",
    )
    network = Network(context, live_server.url)
    page = context.new_page()
    yield page, network
    context.close()


def placeholder(page):
    return page.get_by_role("group", name="Me at the zoo")


def video_frame(page):
    return page.locator(".cc-media iframe")


def test_the_video_is_a_placeholder_and_nothing_reaches_youtube_before_consent(visitor):
    page, network = visitor
    page.goto("/fi/")
    page.wait_for_load_state("networkidle")
    box = placeholder(page)
    assert box.is_visible()
    assert box.get_by_text("YouTube", exact=False).first.is_visible()
    assert (
        box.get_by_role("link", name="Palvelun YouTube tietosuojakäytäntö").get_attribute("href")
        == "https://policies.google.com/privacy"
    )
    assert box.get_by_role("button", name="Lataa tämä video").is_visible()
    assert box.get_by_role("button", name="Salli aina ulkoinen media").is_visible()
    assert video_frame(page).count() == 0
    assert network.foreign() == []
    assert axe_serious_violations(page) == []


def test_load_this_video_plays_it_once_without_a_record(visitor):
    page, network = visitor
    page.goto("/fi/")
    placeholder(page).get_by_role("button", name="Lataa tämä video").click()
    frame = video_frame(page)
    frame.wait_for()
    assert placeholder(page).is_hidden()  # the video takes the placeholder's place
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw"
    )
    assert frame.evaluate("f => document.activeElement === f")  # the keyboard goes on there
    page.frame_locator(".cc-media iframe").get_by_text("player").wait_for()  # the stub answered
    assert network.to_providers() and all(
        "youtube-nocookie.com" in u for u in network.to_providers()
    )
    assert not ConsentRecord.objects.exists()
    # This once: the next page load asks again.
    before = len(network.to_providers())
    page.reload()
    page.wait_for_load_state("networkidle")
    assert placeholder(page).is_visible() and video_frame(page).count() == 0
    assert len(network.to_providers()) == before


def test_always_allow_records_consent_and_withdrawal_puts_the_placeholder_back(visitor):
    page, network = visitor
    page.goto("/fi/")
    placeholder(page).get_by_role("button", name="Salli aina ulkoinen media").click()
    video_frame(page).wait_for()
    record = ConsentRecord.objects.get()
    assert record.source == "media"
    assert record.choices["external_media"]["state"] == "accepted"
    assert record.choices["analytics"]["state"] == "undecided"  # nothing else was chosen
    assert record.banner_version.surface == BannerVersion.Surface.MEDIA
    assert "YouTube" in record.banner_version.html
    assert record.declaration_version is not None
    # Every page now loads it, from the privacy-enhanced address.
    page.reload()
    video_frame(page).wait_for()
    assert "youtube-nocookie.com" in video_frame(page).get_attribute("src")
    # Withdrawn on the settings page, the video waits again and YouTube hears nothing.
    page.goto("/fi/evasteasetukset/")
    media = page.get_by_role("region", name="Ulkoinen media")
    media.get_by_role("button", name="Hylkää", exact=True).click()
    page.get_by_role("status").get_by_text("Valintasi on tallennettu.").wait_for()
    before = len(network.to_providers())
    page.goto("/fi/")
    page.wait_for_load_state("networkidle")
    assert placeholder(page).is_visible() and video_frame(page).count() == 0
    assert len(network.to_providers()) == before


def test_rejecting_on_the_banner_takes_a_loaded_video_away_at_once(visitor):
    page, network = visitor
    page.goto("/fi/")
    placeholder(page).get_by_role("button", name="Lataa tämä video").click()
    video_frame(page).wait_for()
    page.get_by_role("region", name="Evästeet tällä sivustolla").get_by_role(
        "button", name="Hylkää kaikki"
    ).click()
    placeholder(page).wait_for()
    assert video_frame(page).count() == 0


def test_withdrawal_clears_declared_cookies_and_storage_keys(visitor):
    page, network = visitor
    group_id = DeclaredCookie.objects.get(name="_ga").cookiegroup_id
    DeclaredCookie.objects.create(
        cookiegroup_id=group_id, name="chat-<visitor>", storage="local", duration_unit="persistent"
    )
    DeclaredCookie.objects.create(
        cookiegroup_id=group_id, name="chat-session", storage="session", duration_unit="session"
    )
    cache.clear()
    page.goto("/fi/")
    page.get_by_role("button", name="Hyväksy kaikki").click()
    page.wait_for_function("document.documentElement.classList.contains('cc-done')")
    page.evaluate(
        """() => { localStorage.setItem('chat-42', 'x'); localStorage.setItem('theme', 'dark');
        sessionStorage.setItem('chat-session', 'y'); document.cookie = '_ga=GA1.1.1; path=/'; }"""
    )
    page.goto("/fi/evasteasetukset/")
    page.get_by_role("region", name="Analytiikka").get_by_role(
        "button", name="Hylkää", exact=True
    ).click()
    page.get_by_role("status").get_by_text("Valintasi on tallennettu.").wait_for()
    kept = page.evaluate(
        "() => [Object.keys(localStorage).sort(), Object.keys(sessionStorage), document.cookie]"
    )
    assert kept[0] == ["theme"]  # declared keys gone, the site's own undeclared one kept
    assert kept[1] == []
    assert "_ga=" not in kept[2]


def test_the_settings_page_shows_the_visitors_own_consent_id_and_date(visitor):
    page, network = visitor
    page.goto("/fi/evasteasetukset/")
    note = page.locator("[data-cc-record]")
    assert note.is_hidden()  # nothing chosen yet
    page.get_by_role("region", name="Analytiikka").get_by_role(
        "button", name="Hyväksy", exact=True
    ).click()
    page.get_by_role("status").get_by_text("Valintasi on tallennettu.").wait_for()
    record = ConsentRecord.objects.get()
    assert note.is_visible()
    assert note.locator("code").inner_text() == str(record.consent_id)
    today = time.localtime()
    assert note.locator("strong").inner_text() == f"{today.tm_mday}.{today.tm_mon}.{today.tm_year}"


def set_consent(page, live_server, values: dict[str, str]) -> None:
    page.context.add_cookies(
        [{"name": "cookie_consent", "value": dict_to_cookie_str(values), "url": live_server.url}]
    )


def banner(page):
    return page.get_by_role("region", name="Evästeet tällä sivustolla")


def test_a_refusal_is_not_asked_again_within_the_quiet_period(visitor, live_server):
    page, network = visitor
    old_policy = str(current_policy()[0])
    request_reconsent("Seloste muuttui olennaisesti")
    cache.clear()
    recent, old = str(int(time.time() - 30 * DAY)), str(int(time.time() - 200 * DAY))
    refusal = {"analytics": "-1", "external_media": "-1", "_p": old_policy, "_id": "a" * 32}
    set_consent(page, live_server, {**refusal, "_d.analytics": recent, "_d.external_media": recent})
    page.goto("/fi/")
    page.wait_for_load_state("networkidle")
    assert not banner(page).is_visible()
    set_consent(page, live_server, {**refusal, "_d.analytics": old, "_d.external_media": old})
    page.goto("/fi/")
    assert banner(page).is_visible()


def test_a_consent_is_renewed_after_a_year(visitor, live_server):
    page, network = visitor
    page.goto("/fi/")
    page.get_by_role("button", name="Hyväksy kaikki").click()
    video_frame(page).wait_for()
    cookie = next(c for c in page.context.cookies() if c["name"] == "cookie_consent")
    year_ago = str(int(time.time() - 366 * DAY))
    aged = re.sub(r"(_d\.[a-z_]+=)\d+", lambda m: m.group(1) + year_ago, cookie["value"])
    page.context.add_cookies([{**cookie, "value": aged}])
    before = len(network.to_providers())
    page.goto("/fi/")
    page.wait_for_load_state("networkidle")
    assert banner(page).is_visible()
    assert video_frame(page).count() == 0  # no longer consented: the video waits again
    assert len(network.to_providers()) == before
