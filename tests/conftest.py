import json
import os

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Site

from home.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as a site has it after `migrate` and `prepare_seloste`."""
    with django_db_blocker.unblock():
        call_command("prepare_seloste", verbosity=0)


@pytest.fixture(autouse=True)
def active_language_restored():
    """Each test starts in the site's default language, whatever the previous one requested.

    LocaleMiddleware activates /sv/ or /en/ for the thread and nothing resets it after the
    response, so without this a Swedish request in one test changes what the next one reads.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home_page(db) -> HomePage:
    """The Finnish home page that home's data migration creates as the site root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def fi_locale(db) -> Locale:
    return Locale.objects.get(language_code="fi")


@pytest.fixture
def demo(db):
    """The demo content, loaded exactly as `make run` does."""
    call_command("load_demo", verbosity=0)
    from notices.models import PrivacyNoticePage
    from notices.rights.models import RightsRequestPage

    notice = PrivacyNoticePage.objects.get(slug="tietosuojaseloste", locale__language_code="fi")
    return {
        "notice": notice,
        "request_page": RightsRequestPage.objects.child_of(notice).get(),
    }


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
    """Locales, site, home page and installed defaults, for a transactional test.

    Transactional tests flush the database after each test, and Django's own serialized copy
    is not restored after Playwright's tests (its greenlet hides it from later tests), so every
    transactional test that needs these rows restores them from the session snapshot.
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
