"""The cookie scan against the demo in real Chromium: the build fails as soon as anything
fires before consent, a cookie the site sets is no longer declared, or a declaration says a
cookie lives shorter than it does."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cookie_consent.models import Cookie
from django.core.cache import cache
from django.core.management import call_command
from wagtail import hooks
from wagtail.models import Site

from cookies.models import ConsentSettings
from cookies.scanner.models import CookieScan
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOGLE_TAG_HOST = "www.googletagmanager.com"
VISITORS = {"undecided", "rejected", "accepted", "gpc"}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def scan(live_server, tmp_path, capsys, *args: str) -> tuple[int, dict, str]:
    """Run `scan_cookies` as CI does; its exit status, its --json result and its report."""
    out = tmp_path / "scan.json"
    code = 0
    try:
        call_command("scan_cookies", "--url", live_server.url, "--json", str(out), *args)
    except SystemExit as exit_:
        code = exit_.code
    printed = capsys.readouterr()
    return code, json.loads(out.read_text(encoding="utf-8")), printed.out + printed.err


def rows(result: dict, visitor: str, kind: str) -> list[dict]:
    found = next(v for v in result["visitors"] if v["visitor"] == visitor)
    return [row for row in found["rows"] if row["kind"] == kind]


def problems(result: dict, code: str) -> dict[str, dict]:
    return {p["name"]: p for p in result["problems"] if p["code"] == code}


def test_the_demo_is_clean_and_only_the_accepting_visitor_asks_google(
    demo_site, live_server, tmp_path, capsys
):
    code, result, report = scan(live_server, tmp_path, capsys, "--language", "en")

    assert code == 0, report
    assert result["problems"] == [] and result["complete"]
    visited = {page["path"] for page in result["pages"]}
    # The whole demo: home, notice and request form in three languages, the settings pages.
    assert {"/fi/", "/fi/tietosuojaseloste/", "/fi/tietosuojaseloste/pyynto/"} <= visited
    assert {"/fi/evasteasetukset/", "/sv/", "/en/privacy-notice/request/"} <= visited
    # Google's tag is asked for by the visitor who accepted, after the choice, on every
    # page (it cannot load: there is no internet here), and by nobody else, ever.
    asked = {row["name"]: row for row in rows(result, "accepted", "request")}
    google = asked.pop(GOOGLE_TAG_HOST)
    assert (google["name"], google["where"], google["phase"]) == (
        GOOGLE_TAG_HOST,
        "script",
        "after",
    )
    assert google["count"] == len(visited)
    assert "id=G-" in google["set_by"]
    # The home page's video, accepted with the other groups, plays from YouTube's
    # privacy-enhanced address; nothing else is asked for.
    assert set(asked) == {"www.youtube-nocookie.com"}, asked
    assert asked["www.youtube-nocookie.com"]["phase"] == "after"
    for visitor in VISITORS - {"accepted"}:
        assert rows(result, visitor, "request") == [], visitor
    # What each visitor's browser holds: the CSRF cookie of the form, and the consent
    # cookie only for those who chose, set by the decision itself.
    for visitor in VISITORS:
        cookies = {row["name"]: row for row in rows(result, visitor, "cookie")}
        expected = (
            {"csrftoken", "cookie_consent"}
            if visitor in ("rejected", "accepted")
            else {"csrftoken"}
        )
        assert set(cookies) == expected, visitor
        assert cookies["csrftoken"]["page"] == "/fi/tietosuojaseloste/pyynto/"
        assert cookies["csrftoken"]["status"] == "necessary"
        if "cookie_consent" in cookies:
            assert cookies["cookie_consent"]["set_by"].endswith("/fi/evasteasetukset/valinta/")
    assert "Clean: nothing undeclared, nothing optional before consent." in report
    blocks = report.split("\n\n")
    assert [b.splitlines()[0] for b in blocks if GOOGLE_TAG_HOST in b] == [
        "Visitor who accepts all (12 pages) – chose on /fi/"
    ]
    stored = CookieScan.objects.get()
    assert stored.status == "finished" and stored.is_clean and stored.source == "command"


GPC_HEADERS: list[str] = []
# Where the vendor's widget is served from (vendor_widget below); "localhost" is another site
# than the live server's 127.0.0.1, so its cookies are third-party ones.
VENDOR: dict[str, str] = {"origin": "http://localhost:9"}


class VendorWidget(BaseHTTPRequestHandler):
    """An embed from another site: its frame sets a cookie in its response and a key in its
    own localStorage, as a video player or a chat widget does."""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = (
            b"<!doctype html><title>Widget</title>"
            b"<script>localStorage.setItem('widget_uid', '7');</script>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "widget_id=42; Max-Age=86400; Path=/; SameSite=None; Secure")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def vendor_widget():
    server = ThreadingHTTPServer(("127.0.0.1", 0), VendorWidget)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    VENDOR["origin"] = f"http://localhost:{server.server_port}"
    yield VENDOR["origin"]
    server.shutdown()
    server.server_close()


def tracking_page(page, request, serve_args, serve_kwargs):
    """What a template change could do to the home page: a tracking pixel, a cookie of its
    own, Google's cookie written by hand, an identifier in localStorage, and a widget from
    another site in a frame."""
    if request.path != "/fi/":
        return None
    GPC_HEADERS.append(request.headers.get("Sec-GPC", ""))
    response = page.serve(request, *serve_args, **serve_kwargs)
    response.render()
    html = response.content.decode()
    extra = (
        '<img src="https://pixel.tracker.example/p.gif?page=home" width="1" height="1" alt="">'
        f'<iframe src="{VENDOR["origin"]}/widget" title="Widget"></iframe>'
        "<script>document.cookie = 'promo_seen=1; max-age=2592000; path=/';"
        "document.cookie = '_ga=GA1.1.12345.67890; max-age=63072000; path=/';"
        "localStorage.setItem('visitor_uid', 'abc123');</script>"
    )
    response.content = html.replace("</main>", extra + "</main>").encode()
    response.set_cookie("campaign", "spring", max_age=3600)
    return response


def test_tracking_before_consent_and_untrue_declarations_fail_the_scan_each_named(
    demo_site, live_server, vendor_widget, tmp_path, capsys
):
    # The CSRF cookie's declaration is removed; the consent cookie now lives two years while
    # it is declared for one; and the home page tracks (tracking_page above).
    Cookie.objects.filter(name="csrftoken").delete()
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.consent_lifetime_days = 730
    setting.save()

    GPC_HEADERS.clear()
    with hooks.register_temporarily("before_serve_page", tracking_page):
        code, result, report = scan(
            live_server, tmp_path, capsys, "--limit", "1", "--language", "en"
        )

    assert code == 1
    # Four visitors asked for the home page; one of them sent Global Privacy Control.
    assert sorted(GPC_HEADERS) == ["", "", "", "1"]
    undeclared = problems(result, "undeclared")
    assert set(undeclared) == {
        "csrftoken",
        "promo_seen",
        "campaign",
        "visitor_uid",
        "widget_id",
        "widget_uid",
    }
    # The widget's own cookie and storage, in its frame on another site: a browser that
    # allows third-party cookies, as Chrome does, keeps them, so the scan sees them.
    assert undeclared["widget_id"]["detail"]["domain"] == "localhost"
    assert undeclared["widget_id"]["detail"]["set_by"] == vendor_widget + "/widget"
    assert undeclared["widget_uid"]["detail"]["domain"] == vendor_widget
    assert set(undeclared["widget_id"]["visitors"]) == VISITORS
    assert set(undeclared["csrftoken"]["visitors"]) == VISITORS
    assert undeclared["csrftoken"]["page"] == "/fi/tietosuojaseloste/pyynto/"
    # Who set each: the page's own script, its Set-Cookie header, its script again.
    assert undeclared["promo_seen"]["detail"]["set_by"] == live_server.url + "/fi/"
    assert undeclared["campaign"]["detail"]["set_by"] == live_server.url + "/fi/"
    assert undeclared["visitor_uid"]["kind"] == "localStorage"
    assert "Undeclared cookie “csrftoken”" in report
    before = problems(result, "before_consent")
    # The home page is where the accepting visitor chooses: before pressing the button it
    # had not consented either, so every visitor counts.
    vendor_host = vendor_widget.removeprefix("http://")
    assert set(before) == {"pixel.tracker.example", "_ga", vendor_host}
    assert set(before["pixel.tracker.example"]["visitors"]) == VISITORS
    assert before["pixel.tracker.example"]["detail"]["request_kind"] == "image"
    assert before[vendor_host]["detail"]["request_kind"] == "frame"
    assert set(before[vendor_host]["visitors"]) == VISITORS
    assert set(before["_ga"]["visitors"]) == VISITORS
    assert before["_ga"]["detail"]["group"] == "analytics"
    assert "Request to pixel.tracker.example (image) without consent, first on /fi/" in report
    assert "Optional cookie “_ga” (group analytics) without consent" in report
    longer = problems(result, "lifetime")
    assert set(longer) == {"cookie_consent"}
    assert set(longer["cookie_consent"]["visitors"]) == {"rejected", "accepted"}
    # Chromium keeps a cookie at most 400 days, which is still longer than the year declared.
    assert "Cookie “cookie_consent” lives 13 months but is declared for 1 year." in report


def run_worker() -> None:
    """django-tasks-db's own worker, once through the queue, as `make run` runs it."""
    import signal

    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {s: signal.getsignal(s) for s in signals}
    try:
        call_command(
            "db_worker",
            "--backend=seloste",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            verbosity=0,
        )
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def test_an_editor_runs_a_scan_and_drafts_a_declaration_for_what_it_found(
    demo_site, live_server, page, settings
):
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from cookies.models import DeclaredCookie

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.SELOSTE_SCAN_PAGE_LIMIT = 1
    # Spent on the first page: the pages after it go unchecked, and the scan says so.
    settings.SELOSTE_SCAN_TIME_BUDGET = 0
    editor = User.objects.create_user(
        "editor", "editor@example.com", "pw-for-tests", first_name="Eeva"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto("/admin/")
    # Nobody has scanned yet: the dashboard says so and leads to the report.
    panel = page.locator("#cookie-scan-section")
    assert panel.is_visible()
    panel.get_by_role("link", name="Katso evästeskannaus ja tee uusi").click()
    page.wait_for_url("**/admin/cookie-scan/")

    with hooks.register_temporarily("before_serve_page", tracking_page):
        page.get_by_role("button", name="Skannaa sivusto nyt").click()
        page.wait_for_load_state()
        queued = CookieScan.objects.get()
        assert (queued.status, queued.requested_by, queued.base_url) == (
            "queued",
            editor,
            live_server.url,
        )
        run_worker()

    scan = CookieScan.objects.get()
    assert scan.status == "finished" and scan.problem_count > 0 and not scan.complete
    assert [p["code"] for p in scan.result["problems"]].count("not_visited") == 1
    page.reload()
    assert page.get_by_text("sivua ei tarkistettu, ensimmäinen /fi/tietosuojaseloste/").is_visible()
    assert page.get_by_text("Eeva", exact=False).first.is_visible()
    assert axe_serious_violations(page) == []
    undeclared = page.get_by_role("region", name="Ilmoittamattomat evästeet ja tallennusavaimet")
    row = undeclared.get_by_role("row").filter(has_text="promo_seen")
    # The group offered first is an optional one; the editor may choose another.
    assert row.get_by_label("Ryhmä").input_value() == str(
        Cookie.objects.get(name="_ga").cookiegroup_id
    )
    row.get_by_role("button").click()
    page.wait_for_load_state()

    draft = DeclaredCookie.objects.get(name="promo_seen")
    assert not draft.live and draft.cookiegroup.varname == "analytics"
    assert (draft.duration_value, draft.duration_unit) == (1, "months")
    assert page.get_by_role("link", name="Täydennä ilmoitus").first.is_visible()
    # Still not declared for visitors: the settings page does not list it.
    assert (
        "promo_seen"
        not in page.context.request.get(live_server.url + "/fi/evasteasetukset/").text()
    )


def test_a_site_that_does_not_answer_fails_the_scan_instead_of_passing_it(migrated_data, capsys):
    import socket

    from django.core.management.base import CommandError

    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(CommandError, match="did not answer: .*ERR_CONNECTION_REFUSED"):
        call_command("scan_cookies", "--url", address, "--limit", "1")
    scan = CookieScan.objects.get()
    assert scan.status == "failed" and "ERR_CONNECTION_REFUSED" in scan.error


class MovedAway(BaseHTTPRequestHandler):
    """A site whose every address on 127.0.0.1 sends the browser to "localhost", as a bare
    domain sends it to its www host."""

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.headers.get("Host", "").startswith("localhost"):
            body = b"<!doctype html><title>Home</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
        else:
            body = b""
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{self.server.server_port}{self.path}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_site_that_sends_visitors_to_another_host_asks_for_that_address(migrated_data):
    from django.core.management.base import CommandError

    server = ThreadingHTTPServer(("127.0.0.1", 0), MovedAway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    try:
        # Every page would be "another host's"; the scan names the address to scan instead.
        with pytest.raises(CommandError, match=f"another host: .*--url http://localhost:{port}"):
            call_command(
                "scan_cookies",
                "--url",
                f"http://127.0.0.1:{port}",
                "--limit",
                "1",
                "--language",
                "en",
            )
    finally:
        server.shutdown()
        server.server_close()
    scan = CookieScan.objects.get()
    assert scan.status == "failed" and f"http://localhost:{port}" in scan.error
