"""The production Content-Security-Policy in real Chromium: the consent machinery runs under
it, Google's tag loads after consent, and nothing is blocked.

The live server runs the test settings, so Playwright adds the policy that production sends
(built by django-csp from config.settings.production, as SiteCSPMiddleware does on a site with
a GA4 ID) to every page the server answers.
"""

import re

import pytest
from csp.utils import build_policy
from django.core.cache import cache
from wagtail.models import Site

from cookies import csp as consent_csp
from cookies.models import ConsentSettings
from tests.test_production import production_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOGLE = re.compile(r"^https://www\.googletagmanager\.com/")
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
    e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def production_policy(monkeypatch, *, with_hash: bool = True) -> str:
    directives = {
        k: list(v)
        for k, v in production_settings(monkeypatch).CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    if not with_hash:
        directives["script-src"] = [s for s in directives["script-src"] if "sha256" not in s]
    update = {
        "script-src": list(consent_csp.GOOGLE_ANALYTICS_SCRIPT_SRC),
        "connect-src": list(consent_csp.GOOGLE_ANALYTICS_CONNECT_SRC),
        "img-src": list(consent_csp.GOOGLE_ANALYTICS_IMG_SRC),
    }
    return build_policy(config=directives, update=update)


@pytest.fixture
def analytics_site(migrated_data, live_server):
    cache.clear()
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.ga_measurement_id = "G-TEST123456"
    setting.save()
    yield
    cache.clear()


def open_under_policy(page, live_server, policy: str) -> list[str]:
    """Every response of the live server gets `policy`; Google answers with an empty script."""
    google: list[str] = []

    def add_policy(route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": policy}
        route.fulfill(response=response, headers=headers)

    def answer_google(route) -> None:
        google.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body="")

    page.context.route(re.compile("^" + re.escape(live_server.url)), add_policy)
    page.context.route(GOOGLE, answer_google)
    page.add_init_script(RECORD_VIOLATIONS)
    return google


def consent_default_ran(page) -> bool:
    return page.evaluate(
        "(window.dataLayer || []).some(a => a[0] === 'consent' && a[1] === 'default')"
    )


def test_consent_runs_under_the_production_policy_and_google_loads_after_consent(
    page, live_server, analytics_site, monkeypatch
):
    google = open_under_policy(page, live_server, production_policy(monkeypatch))
    page.goto("/fi/")
    assert consent_default_ran(page)
    assert google == []
    page.get_by_role("button", name="Hyväksy kaikki", exact=True).click()
    page.wait_for_function("() => (window.dataLayer || []).some(a => a[0] === 'js')")
    page.wait_for_timeout(300)
    assert google and google[0].startswith("https://www.googletagmanager.com/gtag/js")
    assert page.evaluate("window.__csp") == []


def test_without_the_hash_the_policy_blocks_the_inline_script(
    page, live_server, analytics_site, monkeypatch
):
    """The control: the check above would notice a policy that does not allow the script."""
    open_under_policy(page, live_server, production_policy(monkeypatch, with_hash=False))
    page.goto("/fi/")
    page.wait_for_timeout(300)
    assert not consent_default_ran(page)
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
