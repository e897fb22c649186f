"""Production middleware: the site's Content-Security-Policy and the page cache."""

import copy

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cookies import csp as consent_csp
from cookies.ui import GENERATION_KEY as CONSENT_GENERATION_KEY
from cookies.ui import ui_context

PAGE_GENERATION_KEY = "pages:generation"


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's policy, plus Google's tag and analytics hosts on an HTML page of a site
    whose editors have set a GA4 measurement ID, so analytics can run once consent is given
    and nothing from Google is allowed anywhere else."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and self.analytics_enabled(request, response):
            update = dict(parts.update or {})
            update["script-src"] = list(consent_csp.GOOGLE_ANALYTICS_SCRIPT_SRC)
            update["connect-src"] = list(consent_csp.GOOGLE_ANALYTICS_CONNECT_SRC)
            update["img-src"] = list(consent_csp.GOOGLE_ANALYTICS_IMG_SRC)
            parts.update = update
        return parts

    @staticmethod
    def analytics_enabled(request: HttpRequest, response: HttpResponseBase) -> bool:
        if CSP_HEADER in response:  # from the page cache: already decided, keep it
            return False
        if response.status_code >= 500 or "text/html" not in response.get("Content-Type", ""):
            return False
        try:
            # Cached per site and language: the page has just read it, so this costs no query.
            return bool(ui_context(request)["config"].get("ga"))
        except DatabaseError:
            return False


def page_cache_prefix() -> str:
    """A key prefix that changes when a page is published or consent settings change, so every
    app server drops its cached pages at once (the counters live in the shared cache)."""
    pages = cache.get_or_set(PAGE_GENERATION_KEY, 1, None)
    consent = cache.get_or_set(CONSENT_GENERATION_KEY, 1, None)  # as cookies.ui starts it
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}:{pages}:{consent}"


class PageCacheKeyMixin:
    @property
    def key_prefix(self) -> str:
        return page_cache_prefix()

    @key_prefix.setter
    def key_prefix(self, value: str) -> None:
        """Django's __init__ sets a fixed prefix; the property above replaces it."""


class UpdatePageCacheMiddleware(PageCacheKeyMixin, UpdateCacheMiddleware):
    """Django's cache middleware, keyed by the publish generation."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        # The fetch runs before LocaleMiddleware, so both sides key in the default language;
        # the URL itself carries the page's language.
        with translation.override(settings.LANGUAGE_CODE):
            return super().process_response(request, response)


class FetchFromPageCacheMiddleware(PageCacheKeyMixin, FetchFromCacheMiddleware):
    """Serves anonymous GETs from the page cache; a visitor with a session (an editor) always
    gets a fresh page, with Wagtail's user bar."""

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request._cache_update_cache = False
            return None
        with translation.override(settings.LANGUAGE_CODE):
            return super().process_request(request)


@receiver(page_published, dispatch_uid="seloste_page_cache_published")
@receiver(page_unpublished, dispatch_uid="seloste_page_cache_unpublished")
def forget_cached_pages(**kwargs) -> None:
    try:
        cache.incr(PAGE_GENERATION_KEY)
    except ValueError:
        cache.set(PAGE_GENERATION_KEY, 2, None)


# --- Site lookup --------------------------------------------------------------------------------

SITES_GENERATION_KEY = "sites:generation"
# (hostname, port) -> (generation, Site with its root page): per process, like Wagtail's own
# cache of site root paths.
_site_lookups: dict[tuple[str, str], tuple[int, object]] = {}


class SiteLookupCacheMiddleware:
    """Wagtail finds the request's Site with a query per request whose CASE/WHEN takes longer
    to build than to run; the answer only changes when a site or a page changes, which moves
    a counter in the shared cache (so every app server notices)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        generation = cache.get_or_set(SITES_GENERATION_KEY, 1, None)
        found = _site_lookups.get(key)
        if found is not None and found[0] == generation:
            # A copy per request: views may cache things on the site's root page.
            request._wagtail_site = copy.deepcopy(found[1])
        else:
            site = Site.find_for_request(request)
            if site is not None:
                _site_lookups[key] = (generation, copy.deepcopy(site))
        return self.get_response(request)


def forget_site_lookups(sender=None, instance=None, **kwargs) -> None:
    # Saving a page sends the signal for its own class (HomePage, …), never for Page.
    if instance is not None and not isinstance(instance, (Page, Site)):
        return
    try:
        cache.incr(SITES_GENERATION_KEY)
    except ValueError:
        cache.set(SITES_GENERATION_KEY, 2, None)
    if isinstance(instance, Site):
        # A new hostname or root page changes what every address serves.
        forget_cached_pages()


post_save.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_saved")
post_delete.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_deleted")
post_page_move.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_moved")
