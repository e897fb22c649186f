"""The cookie scan without a browser: which pages it visits, how it judges what a browser
recorded, what it says when no browser is there, and the admin around it."""

import sys
from datetime import timedelta

import pytest
from cookie_consent.models import CookieGroup
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction

from cookies.declarations import create_draft_declaration
from cookies.models import DeclaredCookie
from cookies.scanner.comparison import compare, load_declarations
from cookies.scanner.models import CookieScan
from cookies.scanner.pages import scan_targets
from cookies.scanner.recording import (
    AFTER,
    BEFORE,
    Recording,
    SeenCookie,
    SeenRequest,
    SeenStorageKey,
    parse_set_cookie,
)

DAY = 24 * 60 * 60
ORIGIN = "http://127.0.0.1:18650"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def cookie(name: str, phase: str = BEFORE, lifetime: float | None = DAY, **extra) -> SeenCookie:
    values = {
        "name": name,
        "domain": "127.0.0.1",
        "path": "/",
        "lifetime": lifetime,
        "first_page": "/fi/",
        "set_by": ORIGIN + "/fi/",
        "how": "header",
        "phase": phase,
        "third_party": False,
    }
    return SeenCookie(**{**values, **extra})


def judged(*recordings: Recording) -> dict:
    return compare(list(recordings), load_declarations()).to_dict()


def codes(result: dict) -> set[tuple[str, str]]:
    return {(p["code"], p["name"]) for p in result["problems"]}


# -- judging what the browser recorded -------------------------------------------------------


@pytest.mark.django_db
def test_declared_patterns_cover_the_names_a_tag_makes_up():
    seen = Recording(
        "accepted",
        cookies=[cookie("_ga", AFTER, 400 * DAY), cookie("_ga_Q1W2E3R4T5", AFTER, 400 * DAY)],
        choice="made",
    )
    result = judged(seen)
    assert result["problems"] == []
    statuses = {row["name"]: (row["status"], row["group"]) for row in result["visitors"][0]["rows"]}
    assert statuses == {
        "_ga": ("optional", "analytics"),
        "_ga_Q1W2E3R4T5": ("optional", "analytics"),
    }
    # The pattern needs something where its placeholder is: `_ga_` alone is not covered.
    assert codes(judged(Recording("undecided", cookies=[cookie("_ga_")]))) == {
        ("undeclared", "_ga_")
    }


@pytest.mark.django_db
def test_optional_before_consent_is_a_violation_for_every_visitor_who_did_not_consent():
    ga = cookie("_ga", lifetime=400 * DAY)
    request = SeenRequest("www.googletagmanager.com", "script", BEFORE, "https://…", ["/fi/"], 1)
    for visitor in ("undecided", "rejected", "gpc"):
        result = judged(Recording(visitor, cookies=[ga], requests=[request], choice="made"))
        assert codes(result) == {
            ("before_consent", "_ga"),
            ("before_consent", "www.googletagmanager.com"),
        }, visitor
    # The accepting visitor: before pressing the button it had not consented either.
    result = judged(Recording("accepted", cookies=[ga], requests=[request], choice="made"))
    assert ("before_consent", "_ga") in codes(result)
    after = SeenRequest("www.googletagmanager.com", "script", AFTER, "https://…", ["/fi/"], 3)
    result = judged(
        Recording(
            "accepted", cookies=[cookie("_ga", AFTER, 400 * DAY)], requests=[after], choice="made"
        )
    )
    assert result["problems"] == []
    # Necessary cookies are fine for everyone, at any time.
    assert (
        judged(Recording("gpc", cookies=[cookie("csrftoken", lifetime=364 * DAY)]))["problems"]
        == []
    )


@pytest.mark.django_db
def test_a_cookie_that_outlives_its_declaration_is_named():
    result = judged(
        Recording("rejected", cookies=[cookie("cookie_consent", AFTER, 400 * DAY)], choice="made")
    )
    (problem,) = result["problems"]
    assert (problem["code"], problem["name"]) == ("lifetime", "cookie_consent")
    # Within its declared year (and a session cookie is never too long) it is fine.
    ok = [cookie("cookie_consent", AFTER, 365 * DAY), cookie("csrftoken", lifetime=None)]
    assert judged(Recording("rejected", cookies=ok, choice="made"))["problems"] == []
    # Declared "until the browser is closed" but kept for a day.
    group = CookieGroup.objects.get(varname="necessary")
    DeclaredCookie.objects.create(cookiegroup=group, name="lang", duration_unit="session")
    assert codes(judged(Recording("undecided", cookies=[cookie("lang")]))) == {("lifetime", "lang")}


@pytest.mark.django_db
def test_a_draft_does_not_declare_and_storage_keys_need_declarations_too():
    group = CookieGroup.objects.get(varname="analytics")
    draft = create_draft_declaration(group, "promo_seen", lifetime_seconds=30 * DAY)
    key = SeenStorageKey(
        "localStorage", "visitor_uid", ORIGIN, "/fi/", ORIGIN + "/fi/", BEFORE, False
    )
    result = judged(Recording("undecided", cookies=[cookie("promo_seen")], storage=[key]))
    assert codes(result) == {("undeclared", "promo_seen"), ("undeclared", "visitor_uid")}
    rows = {row["name"]: row for row in result["visitors"][0]["rows"]}
    assert rows["promo_seen"]["status"] == "draft" and rows["promo_seen"]["draft_pk"] == draft.pk
    assert "promo_seen" not in result["unseen"]


@pytest.mark.django_db
def test_storage_keys_are_matched_in_their_own_storage_and_media_hosts_name_their_provider():
    from cookies.scanner.comparison import load_providers

    player = "https://www.youtube-nocookie.com"
    local = SeenStorageKey("localStorage", "yt-remote-device-id", player, "/fi/", "", AFTER, True)
    frame = SeenRequest(
        "www.youtube-nocookie.com", "frame", AFTER, player + "/embed/abc", ["/fi/"], 1
    )
    consented = Recording("accepted", storage=[local], requests=[frame], choice="made")
    result = compare([consented], load_declarations(), load_providers()).to_dict()
    assert result["problems"] == []
    rows = {row["name"]: row for row in result["visitors"][0]["rows"]}
    assert (rows["yt-remote-device-id"]["status"], rows["yt-remote-device-id"]["group"]) == (
        "optional",
        "external_media",
    )
    assert rows["www.youtube-nocookie.com"]["provider"] == "YouTube"
    # The same key in session storage, or as a cookie, is not what was declared.
    session = SeenStorageKey(
        "sessionStorage", "yt-remote-device-id", player, "/fi/", "", AFTER, True
    )
    stray = cookie("yt-remote-device-id", AFTER)
    assert codes(
        judged(Recording("accepted", storage=[session], cookies=[stray], choice="made"))
    ) == {("undeclared", "yt-remote-device-id")}
    # Before consent the player's frame is a request to another host like any other.
    early = Recording("undecided", requests=[SeenRequest(**{**frame.__dict__, "phase": BEFORE})])
    result = compare([early], load_declarations(), load_providers()).to_dict()
    (problem,) = result["problems"]
    assert (problem["code"], problem["detail"]["provider"]) == ("before_consent", "YouTube")


@pytest.mark.django_db
def test_a_visitor_who_could_not_choose_and_a_broken_page_fail_the_scan():
    from cookies.scanner.recording import PageVisit

    result = judged(
        Recording(
            "accepted",
            pages=[PageVisit("/fi/", 500, "", BEFORE)],
            choice="not offered",
            choice_page="/fi/",
        )
    )
    assert codes(result) == {("no_choice", "/fi/"), ("page_error", "/fi/")}
    # A page that is not there any more is named, but is no consent problem.
    missing = judged(Recording("undecided", pages=[PageVisit("/fi/vanha/", 404, "", BEFORE)]))
    assert missing["problems"] == [] and missing["not_found"] == ["/fi/vanha/"]


def test_set_cookie_headers_are_read_as_a_browser_reads_them():
    now = 1_800_000_000.0
    assert parse_set_cookie("a=1; Max-Age=60; Path=/", now) == ("a", "", now + 60, False)
    # Max-Age wins over Expires; a past date or zero deletes.
    name, domain, expires, deletes = parse_set_cookie(
        "b=2; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=3600; Domain=.Example.FI", now
    )
    assert (name, domain, expires, deletes) == ("b", ".example.fi", now + 3600, False)
    assert parse_set_cookie('c=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/', now)[3]
    assert parse_set_cookie("d=; Max-Age=0", now)[3]
    assert parse_set_cookie("e=1", now) == ("e", "", None, False)


# -- which pages it visits --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_scan_visits_live_public_pages_forms_and_the_settings_pages(demo):
    notice = demo["notice"]
    targets = scan_targets(ORIGIN, limit=200)
    paths = [t.path for t in targets]
    assert paths[:3] == ["/fi/", "/en/", "/sv/"]  # the home pages first
    assert {"/fi/tietosuojaseloste/", "/en/privacy-notice/request/"} <= set(paths)
    assert paths[-3:] == [
        "/fi/evasteasetukset/",
        "/sv/cookieinstallningar/",
        "/en/cookie-settings/",
    ]
    assert all(t.url == ORIGIN + t.path for t in targets)
    assert [t.kind for t in targets[-3:]] == ["settings"] * 3
    assert len(paths) == len(set(paths)) == 12
    # The limit bounds the page tree; a request form is visited whatever it is.
    limited = scan_targets(ORIGIN, limit=1)
    assert [(t.path, t.kind) for t in limited][:2] == [
        ("/fi/", "page"),
        ("/fi/tietosuojaseloste/pyynto/", "form"),
    ]
    # Drafts and pages behind a password are not what a visitor sees.
    notice.unpublish()
    hidden = Page.objects.get(url_path__endswith="/privacy-notice/")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    remaining = {t.path for t in scan_targets(ORIGIN, limit=200)}
    assert "/fi/tietosuojaseloste/" not in remaining
    assert "/en/privacy-notice/" not in remaining and "/en/privacy-notice/request/" not in remaining


# -- no browser -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_chromium_the_scan_says_so_and_exits_2(settings, capsys):
    settings.SELOSTE_SCAN_CHROMIUM = "/nonexistent/chromium"
    with pytest.raises(SystemExit) as exit_:
        call_command("scan_cookies", "--url", ORIGIN, "--limit", "1", "--language", "en")
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "Chromium at /nonexistent/chromium did not start" in error
    scan = CookieScan.objects.get()
    assert scan.status == "failed" and "/nonexistent/chromium" in scan.error


@pytest.mark.django_db
def test_without_playwright_the_scan_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    with pytest.raises(SystemExit) as exit_:
        call_command("scan_cookies", "--url", ORIGIN, "--language", "en")
    assert exit_.value.code == 2
    assert "pip install 'seloste[scan]'" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_command_refuses_an_address_that_is_not_a_site():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="http"):
        call_command("scan_cookies", "--url", "ftp://example.fi")
    assert not CookieScan.objects.exists()


# -- the admin --------------------------------------------------------------------------------


def stored_scan(*recordings: Recording, **fields) -> CookieScan:
    """A finished scan whose result the real comparison made from these recordings."""
    comparison = judged(*recordings)
    result = {
        "base_url": ORIGIN,
        "seconds": 12.5,
        "pages": [{"url": ORIGIN + "/fi/", "path": "/fi/", "title": "Koti", "kind": "page"}],
        "skipped_pages": [],
        "recordings": [r.to_dict() for r in recordings],
        **comparison,
    }
    values = {
        "base_url": ORIGIN,
        "source": CookieScan.Source.COMMAND,
        "page_limit": 200,
        "status": CookieScan.Status.FINISHED,
        "finished_at": timezone.now(),
        "problem_count": len(comparison["problems"]),
        "complete": True,
        "result": result,
        **fields,
    }
    return CookieScan.objects.create(**values)


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", "e@example.com", "pw", first_name="Eeva")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_the_report_shows_the_latest_scan_per_visitor_and_who_ran_it(editor_client, editor):
    stored_scan(Recording("undecided", cookies=[cookie("csrftoken", lifetime=364 * DAY)]))
    latest = stored_scan(
        Recording("undecided", cookies=[cookie("promo_seen")]),
        Recording(
            "accepted",
            requests=[
                SeenRequest(
                    "www.googletagmanager.com",
                    "script",
                    AFTER,
                    "https://www.googletagmanager.com/gtag/js?id=G-X",
                    ["/fi/"],
                    4,
                )
            ],
            choice="made",
            choice_page="/fi/",
        ),
        source=CookieScan.Source.ADMIN,
        requested_by=editor,
    )
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    assert "Eeva" in html
    assert "promo_seen" in html and "www.googletagmanager.com" in html
    assert html.count("<section") >= 4  # summary, undeclared cookies, two visitors, history
    assert "Create draft declaration of promo_seen" in html or "promo_seen" in html
    assert editor_client.get(f"/admin/cookie-scan/{latest.pk}/").status_code == 200
    # In the Cookie consent menu, for those who may read it.
    assert "/admin/cookie-scan/" in editor_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_report_is_for_staff_with_the_permission(client):
    # Someone who may use the admin but was given nothing of cookie consent.
    user = User.objects.create_user("nobody", "n@example.com", "pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert client.get("/admin/cookie-scan/").status_code in (302, 403)
    # Wagtail answers a refusal with a redirect to the dashboard and a message.
    assert client.post("/admin/cookie-scan/run/")["Location"] == "/admin/"
    assert not CookieScan.objects.exists()


def test_the_button_queues_one_scan_for_the_task_worker(
    editor_client, editor, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://www.example.fi/"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/admin/cookie-scan/run/", follow=True)
    assert response.status_code == 200
    scan = CookieScan.objects.get()
    assert (scan.status, scan.base_url, scan.requested_by, scan.source) == (
        "queued",
        "https://www.example.fi",
        editor,
        "admin",
    )
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("run_cookie_scan") and task.args_kwargs["args"] == [scan.pk]
    # Pressed again while it waits: no second scan.
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post("/admin/cookie-scan/run/")
    assert CookieScan.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_without_a_task_worker_the_report_says_how_to_scan_instead(editor_client, settings):
    immediate = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    settings.TASKS = {"default": immediate, "seloste": immediate}
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    assert "manage.py scan_cookies --url" in html
    assert "/admin/cookie-scan/run/" not in html
    # A scan would browse for minutes inside the request: it is refused, not run.
    editor_client.post("/admin/cookie-scan/run/")
    assert not CookieScan.objects.exists()


def test_one_click_makes_an_undeclared_cookie_a_draft_in_the_chosen_group(editor_client):
    scan = stored_scan(Recording("undecided", cookies=[cookie("promo_seen", lifetime=30 * DAY)]))
    analytics = CookieGroup.objects.get(varname="analytics")
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    # The optional group is the one chosen in advance, never the necessary one.
    assert f'<option value="{analytics.pk}" selected>' in html
    response = editor_client.post(
        f"/admin/cookie-scan/{scan.pk}/draft/",
        {"name": "promo_seen", "domain": "127.0.0.1", "group": analytics.pk},
        follow=True,
    )
    draft = DeclaredCookie.objects.get(name="promo_seen")
    assert not draft.live and draft.cookiegroup_id == analytics.pk
    assert (draft.duration_value, draft.duration_unit, draft.domain) == (1, "months", "")
    assert f"/admin/declared_cookies/edit/{draft.pk}/" in response.content.decode()
    # Once drafted, the report links to it instead of offering a second one.
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    assert f"/admin/cookie-scan/{scan.pk}/draft/" not in html
    # A second click, or a name the scan did not find, declares nothing.
    editor_client.post(
        f"/admin/cookie-scan/{scan.pk}/draft/",
        {"name": "promo_seen", "domain": "127.0.0.1", "group": analytics.pk},
    )
    editor_client.post(
        f"/admin/cookie-scan/{scan.pk}/draft/",
        {"name": "made_up", "domain": "127.0.0.1", "group": analytics.pk},
    )
    assert list(DeclaredCookie.objects.filter(live=False).values_list("name", flat=True)) == [
        "promo_seen"
    ]


def test_one_click_drafts_an_undeclared_storage_key_in_its_own_storage(editor_client):
    widget = "http://localhost:18651"
    scan = stored_scan(
        Recording(
            "undecided",
            storage=[
                SeenStorageKey("localStorage", "widget_uid", widget, "/fi/", widget, BEFORE, True),
                SeenStorageKey("sessionStorage", "tab_id", ORIGIN, "/fi/", ORIGIN, BEFORE, False),
            ],
        )
    )
    analytics = CookieGroup.objects.get(varname="analytics")
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    assert "Luo ilmoitusluonnos tallennusavaimesta widget_uid" in html
    assert "Osoitteen http://localhost:18651 tallennustilassa localStorage" in html
    for kind, name, where in (
        ("localStorage", "widget_uid", widget),
        ("sessionStorage", "tab_id", ORIGIN),
    ):
        editor_client.post(
            f"/admin/cookie-scan/{scan.pk}/draft/",
            {"kind": kind, "name": name, "domain": where, "group": analytics.pk},
        )
    drafts = {d.name: d for d in DeclaredCookie.objects.filter(live=False)}
    # Kept where the scan saw it, for as long as such storage lasts; the embed's key names
    # the embed's host, the site's own key none.
    widget_uid, tab_id = drafts["widget_uid"], drafts["tab_id"]
    assert (widget_uid.storage, widget_uid.duration_unit, widget_uid.domain) == (
        "local",
        "persistent",
        "localhost",
    )
    assert widget_uid.is_third_party
    assert (tab_id.storage, tab_id.duration_unit, tab_id.domain) == ("session", "session", "")
    assert not tab_id.is_third_party
    # The next scan sees them as drafts, not as undeclared keys without a declaration.
    again = judged(Recording("undecided", storage=scan_storage(scan)))
    assert {row["name"]: row["status"] for row in again["visitors"][0]["rows"]} == {
        "widget_uid": "draft",
        "tab_id": "draft",
    }
    html = editor_client.get("/admin/cookie-scan/").content.decode()
    assert "Luo ilmoitusluonnos tallennusavaimesta" not in html


def scan_storage(scan: CookieScan) -> list[SeenStorageKey]:
    return Recording.from_dict(scan.result["recordings"][0]).storage


def test_the_dashboard_tells_editors_about_problems_and_old_scans(editor_client):
    def panel() -> bool:
        return 'id="cookie-scan-section"' in editor_client.get("/admin/").content.decode()

    assert panel()  # never scanned
    clean = stored_scan(Recording("undecided", cookies=[cookie("csrftoken", lifetime=364 * DAY)]))
    assert not panel()
    clean.finished_at = timezone.now() - timedelta(days=31)
    clean.save()
    assert panel()
    stored_scan(Recording("undecided", cookies=[cookie("promo_seen")]))
    html = editor_client.get("/admin/").content.decode()
    assert 'id="cookie-scan-section"' in html and "promo_seen" not in html


@pytest.mark.django_db
def test_without_language_prefixes_the_settings_page_has_one_address(settings, home_page):
    from django.urls import clear_url_caches

    # A host made by `wagtail start`: no i18n_patterns, the cookie URLs at the root.
    settings.ROOT_URLCONF = "tests.scanner_urls"
    clear_url_caches()
    try:
        settings_pages = [t.path for t in scan_targets(ORIGIN, limit=5) if t.kind == "settings"]
    finally:
        clear_url_caches()
    assert settings_pages == ["/evasteasetukset/"]
