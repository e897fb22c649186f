"""Production settings: deploy check, security headers, CSP, page cache, 503 on a database outage.

The settings module is loaded with the three required variables set, and its middleware runs
in a fresh test client, so these tests exercise the real production stack on the test database.
"""

import base64
import hashlib
import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from cookies.models import ConsentSettings

ROOT = Path(__file__).resolve().parent.parent
NOTICE_URL = "/fi/tietosuojaseloste/"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-key-not-used-anywhere-else-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "seloste.example.com,testserver",
    "DATABASE_URL": "postgres://seloste:secret@127.0.0.1:5432/seloste",
}


def production_settings(monkeypatch: pytest.MonkeyPatch, **extra: str):
    for name, value in {**PRODUCTION_ENV, **extra}.items():
        monkeypatch.setenv(name, value)
    module = importlib.import_module("config.settings.production")
    return importlib.reload(module)


@pytest.fixture
def production(monkeypatch, settings, tmp_path):
    """The production middleware stack and policies on top of the test settings."""
    prod = production_settings(monkeypatch)
    overrides = {
        # WhiteNoise serves collected files; tests use the finders, so an empty folder will do.
        "STATIC_ROOT": tmp_path,
        "MIDDLEWARE": prod.MIDDLEWARE,
        "CONTENT_SECURITY_POLICY": prod.CONTENT_SECURITY_POLICY,
        "CACHES": {**settings.CACHES, "pages": prod.CACHES["pages"]},
        "SELOSTE_PAGE_CACHE_ALIAS": prod.SELOSTE_PAGE_CACHE_ALIAS,
        "SELOSTE_PAGE_CACHE_SECONDS": prod.SELOSTE_PAGE_CACHE_SECONDS,
        "SELOSTE_PAGE_CACHE_PREFIX": prod.SELOSTE_PAGE_CACHE_PREFIX,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": prod.SECURE_REFERRER_POLICY,
        "SECURE_HSTS_SECONDS": prod.SECURE_HSTS_SECONDS,
        "X_FRAME_OPTIONS": prod.X_FRAME_OPTIONS,
    }
    from config.middleware import _site_lookups

    with override_settings(**overrides):
        # Per-process memories of rows that a test's rollback takes away.
        caches["pages"].clear()
        _site_lookups.clear()
        yield prod
        caches["pages"].clear()
        _site_lookups.clear()


# Set by the browser tests for Playwright's sync API inside this process; a real deployment never
# has it, and the deploy check rightly refuses it.
TEST_PROCESS_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k not in TEST_PROCESS_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_deploy_check_is_clean_with_the_three_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_redis_cache_only_when_redis_url_is_set(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    alone = production_settings(monkeypatch)
    assert "LocMemCache" in alone.CACHES["default"]["BACKEND"]
    # Without Redis the publish counters are files every process of the server shares.
    assert alone.SELOSTE_COUNTER_CACHE_ALIAS == "counters"
    assert alone.CACHES["counters"]["BACKEND"] == "config.counter_files.CounterFileCache"
    prod = production_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")
    # Redis fails open (tests/test_faults.py) and holds the counters itself.
    assert prod.CACHES["default"]["BACKEND"] == "config.cache.FailOpenRedisCache"
    assert prod.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert "counters" not in prod.CACHES


def test_static_files_are_minified_compressed_and_hashed(monkeypatch, tmp_path):
    """collectstatic with the production storage, for real: the project's own JS and CSS come
    out minified under hashed names with Brotli and gzip beside them; sources stay readable."""
    prod = production_settings(monkeypatch)
    assert prod.STORAGES["staticfiles"]["BACKEND"] == "config.storage.MinifiedStaticFilesStorage"
    result = run_manage(
        "collectstatic",
        "--no-input",
        env={
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_STATIC_ROOT": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for source in (
        ROOT / "cookies/static/seloste/cookies/consent.js",
        ROOT / "site/static/css/base.css",
    ):
        name = str(source).split("/static/", 1)[1]
        collected = tmp_path / manifest[name]
        readable = source.read_text()
        minified = collected.read_text()
        assert len(minified) < 0.85 * len(readable), name
        assert "\n  " in readable and "\n  " not in minified  # indentation gone
        assert (tmp_path / f"{manifest[name]}.br").stat().st_size < len(minified)
        assert (tmp_path / f"{manifest[name]}.gz").stat().st_size < len(minified)
    # The one stylesheet of every public page is joined from the site's and the add-ons' own.
    bundle = (tmp_path / manifest["css/site.css"]).read_text()
    assert ".cc-banner" in bundle and ".request-form" in bundle and "@media print" in bundle
    assert "\n  " not in bundle
    # Hashed references inside stylesheets still point at collected files.
    for name, hashed in manifest.items():
        if name.endswith(".css") and name.startswith(("seloste/", "cookies/", "notices/", "css/")):
            for url in re.findall(r"url\(['\"]?([^'\")]+)", (tmp_path / hashed).read_text()):
                if not url.startswith(("data:", "#", "http")):
                    assert (tmp_path / Path(hashed).parent / url.split("#")[0]).exists(), url
    # Third-party files are left as their authors built them.
    from django.contrib.staticfiles import finders

    wagtail_js = next(n for n in manifest if n.startswith("wagtailadmin/js/") and n.endswith(".js"))
    assert (tmp_path / wagtail_js).read_bytes() == Path(finders.find(wagtail_js)).read_bytes()
    # The favicon a browser asks for at the root is served without the app.
    assert prod.WHITENOISE_ROOT == ROOT / "site" / "root"
    assert (prod.WHITENOISE_ROOT / "favicon.ico").stat().st_size > 0
    assert prod.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") == 1


def test_frontend_cache_invalidation_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("CLOUDFLARE_ZONEID", raising=False)
    prod = production_settings(monkeypatch, SELOSTE_FRONTEND_CACHE_URL="http://127.0.0.1:8080")
    assert prod.WAGTAILFRONTENDCACHE["default"]["LOCATION"] == "http://127.0.0.1:8080"
    assert "wagtail.contrib.frontend_cache" in prod.INSTALLED_APPS
    monkeypatch.delenv("SELOSTE_FRONTEND_CACHE_URL")
    assert "wagtail.contrib.frontend_cache" not in production_settings(monkeypatch).INSTALLED_APPS


def inline_script_hashes(html: str) -> list[str]:
    bodies = re.findall(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S
    )
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies
    ]


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_a_page_with_a_video_may_frame_the_declared_providers_and_only_it(demo, production):
    home = Client().get("/fi/", secure=True)
    assert home.status_code == 200 and b"data-cc-media" in home.content
    policy = directives(home["Content-Security-Policy"])
    # Embedded media may frame only their declared providers (after consent, in the browser).
    assert "https://*.youtube-nocookie.com" in policy["frame-src"]
    assert "'self'" in policy["frame-src"]
    notice = directives(Client().get(NOTICE_URL, secure=True)["Content-Security-Policy"])
    assert "frame-src" not in notice


def test_notice_has_a_strict_csp_that_allows_its_own_inline_script(demo, production):
    ConsentSettings.objects.update(ga_measurement_id="")
    response = Client().get(NOTICE_URL, secure=True)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    html = response.content.decode()
    hashes = inline_script_hashes(html)
    assert hashes, "the Consent Mode default script is inline"
    assert set(hashes) <= set(policy["script-src"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    for directive in ("script-src", "connect-src", "img-src"):
        assert not [source for source in policy[directive] if "google" in source]
    # The notice embeds nothing: it may frame no provider (frame-src falls back to 'self').
    assert "frame-src" not in policy, policy.get("frame-src")
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "max-age=" in response["Strict-Transport-Security"]
    assert not response.cookies


def test_csp_allows_google_only_on_a_site_with_analytics(demo, production):
    assert ConsentSettings.objects.get().ga_measurement_id  # the demo's fictional GA4 ID
    response = Client().get(NOTICE_URL, secure=True)
    policy = directives(response["Content-Security-Policy"])
    assert "https://www.googletagmanager.com" in policy["script-src"]
    assert "https://*.google-analytics.com" in policy["connect-src"]
    # The Consent Mode default still runs by its hash, never by 'unsafe-inline'.
    assert set(inline_script_hashes(response.content.decode())) <= set(policy["script-src"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_page_cache_serves_the_same_bytes_and_forgets_on_publish(
    demo, production, django_assert_num_queries
):
    anonymous = Client()
    first = anonymous.get(NOTICE_URL)
    with django_assert_num_queries(0):
        second = Client().get(NOTICE_URL)
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not second.cookies
    # The key is the URL, which carries the language: the Swedish page stays Swedish.
    Client().get("/sv/dataskyddsbeskrivning/")
    assert 'lang="sv"' in Client().get("/sv/dataskyddsbeskrivning/").content.decode()

    notice = demo["notice"]
    notice.title = "Tietosuojaseloste (päivitetty)"
    notice.save_revision().publish()
    assert "Tietosuojaseloste (päivitetty)" in Client().get(NOTICE_URL).content.decode()


def test_request_form_is_never_shared_between_visitors(demo, production):
    """The form carries each visitor's own CSRF token, so the page cache must not keep it."""
    url = NOTICE_URL + "pyynto/"
    tokens = set()
    for _visitor in range(2):
        html = Client().get(url).content.decode()
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert len(tokens) == 2


def test_visitor_with_a_session_is_never_served_from_the_page_cache(demo, production, admin_client):
    Client().get(NOTICE_URL)
    response = admin_client.get(NOTICE_URL)
    # An editor gets a fresh page with Wagtail's user bar, which the cached copy lacks.
    assert "wagtail-userbar" in response.content.decode()


OUTAGE_SCRIPT = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/fi/tietosuojaseloste/", secure=True)
print(response.status_code, response.get("Retry-After"))
print(response.content.decode())
"""


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-directory/seloste.sqlite3",
        "postgres://seloste@127.0.0.1:1/seloste",  # nothing listens on port 1
    ],
)
def test_database_outage_is_a_clean_503(database_url):
    """Production settings with an unreachable database: a real connection failure."""
    result = subprocess.run(
        [sys.executable, "-c", OUTAGE_SCRIPT],
        cwd=ROOT,
        env={
            **os.environ,
            **PRODUCTION_ENV,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "PYTHONPATH": str(ROOT / "site"),
            "DJANGO_LOG_LEVEL": "CRITICAL",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, __, body = result.stdout.partition("\n")
    assert status == "503 30", result.stdout + result.stderr
    assert "<h1>" in body and 'lang="fi"' in body
    assert "Traceback" not in body and "Error" not in body


def test_a_publish_anywhere_moves_the_page_cache_on(monkeypatch, demo):
    """Publishing from a command or task worker (no middleware loaded) must reach the cache."""
    assert "config.apps.ConfigConfig" in production_settings(monkeypatch).INSTALLED_APPS
    from config.middleware import page_cache_prefix

    caches["default"].clear()
    before = page_cache_prefix()
    demo["notice"].save_revision().publish()
    assert page_cache_prefix() != before


def test_site_lookup_is_remembered_until_a_site_or_page_changes(demo, production):
    from django.conf import settings as django_settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    def site_queries(path: str) -> tuple[int, str]:
        # A session cookie skips the page cache, so the view itself runs each time.
        client = Client()
        client.cookies[django_settings.SESSION_COOKIE_NAME] = "none"
        with CaptureQueriesContext(connection) as queries:
            html = client.get(path).content.decode()
        return sum("wagtailcore_site" in q["sql"] for q in queries), html

    site_queries("/fi/")
    count, html = site_queries("/fi/")
    assert count == 0
    assert "Revontuli" in html
    assert "Laadittu" not in Client().get("/fi/").content.decode()  # now in the page cache

    # Pointing the site at another root page shows at once, in the page cache too.
    site = Site.objects.get(is_default_site=True)
    site.root_page = demo["notice"]
    site.save()
    count, html = site_queries("/fi/")
    assert count >= 1  # looked up afresh
    assert "Laadittu" in html
    assert "Laadittu" in Client().get("/fi/").content.decode()


def test_unknown_host_is_refused_and_not_remembered(demo, production):
    from config.middleware import _site_lookups

    # Inside the production overrides (pytest-django's `settings` would restore them wrongly).
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = Client(HTTP_HOST="evil.example").get(NOTICE_URL)
    assert response.status_code == 400
    assert not any(host == "evil.example" for host, _port in _site_lookups)
