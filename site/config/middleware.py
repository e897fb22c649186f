"""Production middleware: the site's Content-Security-Policy and the page cache."""

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import translation
from wagtail.signals import page_published, page_unpublished

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
