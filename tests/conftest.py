import os

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Site

from home.models import HomePage


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
