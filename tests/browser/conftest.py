"""Real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import json
import os
import shutil

import pytest

from tests.conftest import running_in_ci

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        message = "Debian's chromium is not installed (apt-get install chromium)."
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


def axe_serious_violations(page) -> list[dict]:
    """Run axe-core in the page and return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


@pytest.fixture(scope="session")
def migrated_snapshot(django_db_setup, django_db_blocker) -> str:
    """The rows that data migrations create, serialized once right after the test DB is made."""
    from django.db import connection

    with django_db_blocker.unblock():
        objects = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: signal handlers of later rows look them up while they are restored.
    first = ("contenttypes.contenttype", "auth.permission")
    objects.sort(key=lambda o: first.index(o["model"]) if o["model"] in first else len(first))
    return json.dumps(objects)


@pytest.fixture
def migrated_data(migrated_snapshot, transactional_db):
    """Locales, site, home page and installed defaults, present in every browser test.

    Transactional tests flush the database after each test; Playwright's greenlet hides
    Django's own serialized copy from later tests, so restore from the session snapshot.
    """
    from django.db import connection
    from wagtail.models import Locale

    if not Locale.objects.exists():
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        # The flush's post_migrate recreated these; the snapshot brings them back with its ids.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(migrated_snapshot)
        ContentType.objects.clear_cache()


@pytest.fixture
def demo_site(migrated_data):
    """The demo content, loaded as `make run` does, committed so the live server sees it."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
