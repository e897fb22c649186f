"""Production middleware: the site's Content-Security-Policy and the page cache."""

import copy
import hashlib

from csp.constants import HEADER as CSP_HEADER
from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from django.utils.cache import get_max_age, patch_response_headers
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cookies import csp as consent_csp
from cookies.counters import CacheCounter, read_counters
from cookies.ui import CONSENT_COUNTER, ui_context

from .compression import compressed_variants, preferred_encoding

# Moves on with every publish (and every site change): all cached pages are forgotten at once.
PAGES_COUNTER = CacheCounter("pages:generation")


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's policy, plus on an HTML page: Google's tag and analytics hosts on a site
    whose editors have set a GA4 measurement ID, so analytics can run once consent is given
    and nothing from Google is allowed anywhere else; and, on a page that embeds media, the
    declared external media providers as frame sources, so an embed can load once its consent
    is given."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        consent = None if report_only else self.consent_context(request, response)
        if consent:
            update = dict(parts.update or {})
            if consent["analytics_measurement_id"]:
                update["script-src"] = list(consent_csp.GOOGLE_ANALYTICS_SCRIPT_SRC)
                update["connect-src"] = list(consent_csp.GOOGLE_ANALYTICS_CONNECT_SRC)
                update["img-src"] = list(consent_csp.GOOGLE_ANALYTICS_IMG_SRC)
            # Only a page that embeds media may frame the providers, once consent is given.
            if consent["media_frame_sources"] and self.frames_media(response):
                update["frame-src"] = [SELF, *consent["media_frame_sources"]]
            parts.update = update
        return parts

    @staticmethod
    def frames_media(response: HttpResponseBase) -> bool:
        return not response.streaming and consent_csp.frames_media(response.content)

    @staticmethod
    def consent_context(request: HttpRequest, response: HttpResponseBase) -> dict | None:
        if CSP_HEADER in response:  # from the page cache: already decided, keep it
            return None
        if response.status_code >= 500 or "text/html" not in response.get("Content-Type", ""):
            return None
        try:
            # Cached per site and language: the page has just read it, so this costs no query.
            return ui_context(request)
        except DatabaseError:
            return None


def page_cache_prefix() -> str | None:
    """A key prefix that changes when a page is published or consent settings change, so every
    app server drops its cached pages at once (the counters live in the shared cache); None
    when the shared cache cannot be reached."""
    pages, consent = read_counters(PAGES_COUNTER, CONSENT_COUNTER)  # one round trip
    if pages is None or consent is None:
        return None
    return f"{getattr(settings, 'SELOSTE_PAGE_CACHE_PREFIX', 'page')}:{pages}:{consent}"


def page_cache_key(request: HttpRequest) -> str | None:
    # The address carries the page's language (/fi/, /sv/, /en/), and a public page is the
    # same bytes for every visitor, so the host and the full path are the whole key.
    prefix = page_cache_prefix()
    if prefix is None:
        return None
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"{prefix}:{hashlib.md5(address, usedforsecurity=False).hexdigest()}"


def is_anonymous_read(request: HttpRequest) -> bool:
    # A visitor with a session (an editor) always gets a fresh page, with Wagtail's user bar.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


# Headers that belong to one compressed variant, set afresh for each answer.
VARIANT_HEADERS = ("Content-Length", "Content-Encoding", "Vary")


def variant_response(request: HttpRequest, status: int, headers, variants: dict) -> HttpResponse:
    """The stored page in the encoding the client accepts, as bytes kept compressed."""
    encoding = preferred_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    content = variants[encoding]
    response = HttpResponse(content, status=status, headers=dict(headers))
    response["Content-Length"] = str(len(content))
    # Caches in between (nginx, a CDN, the browser) keep one copy per encoding.
    response["Vary"] = "Accept-Encoding"
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    return response


class UpdatePageCacheMiddleware:
    """Stores what an anonymous GET of a public page answered, whole, headers (the CSP too)
    included, compressed once in each encoding (config/compression.py). Django's own cache
    middleware does the same with Vary handling, two more cache reads and a language suffix
    per hit; these pages vary on nothing but the encoding, so a hit costs one read. Anything
    personal or uncacheable is never stored, nor compressed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.SELOSTE_PAGE_CACHE_ALIAS]
        self.seconds = settings.SELOSTE_PAGE_CACHE_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(request, "_page_cache_store", False) and self.is_storable(response):
            max_age = get_max_age(response)
            seconds = self.seconds if max_age is None else min(max_age, self.seconds)
            if seconds > 0:
                patch_response_headers(response, seconds)
                headers = [(k, v) for k, v in response.items() if k not in VARIANT_HEADERS]
                variants = compressed_variants(response.content)
                self.cache.set(request._page_cache_key, (response.status_code, headers, variants),
                               seconds)  # fmt: skip
                return variant_response(request, response.status_code, headers, variants)
        return response

    @staticmethod
    def is_storable(response: HttpResponseBase) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Vary")
            and not response.has_header("Content-Encoding")
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        )


class FetchFromPageCacheMiddleware:
    """Serves anonymous GETs from the page cache (see UpdatePageCacheMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.SELOSTE_PAGE_CACHE_ALIAS]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_anonymous_read(request):
            return self.get_response(request)
        key = page_cache_key(request)
        if key is None:
            return self.get_response(request)  # no shared counters: render, do not store
        entry = self.cache.get(key)
        if entry is None:
            request._page_cache_key = key
            request._page_cache_store = request.method == "GET"
            return self.get_response(request)
        status, headers, variants = entry
        return variant_response(request, status, headers, variants)


@receiver(page_published, dispatch_uid="seloste_page_cache_published")
@receiver(page_unpublished, dispatch_uid="seloste_page_cache_unpublished")
def forget_cached_pages(**kwargs) -> None:
    PAGES_COUNTER.bump()


# --- Site lookup --------------------------------------------------------------------------------

SITES_COUNTER = CacheCounter("sites:generation")
# (host, port) -> (generation, Site with its root page): per process, like Wagtail's own cache of
# site root paths. Hosts are those ALLOWED_HOSTS lets through; the bound keeps a wildcard from
# growing it without end.
_site_lookups: dict[tuple[str, str], tuple[int, object]] = {}
SITE_LOOKUPS_KEPT = 256


class SiteLookupCacheMiddleware:
    """Wagtail finds the request's Site with a query per request whose CASE/WHEN takes longer
    to build than to run; the answer only changes when a site or a page changes, which moves
    a counter in the shared cache (so every app server notices)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # get_host() refuses a host outside ALLOWED_HOSTS (a 400) before anything is kept.
        key = (split_domain_port(request.get_host())[0], request.get_port())
        generation = SITES_COUNTER.value()
        found = _site_lookups.get(key) if generation is not None else None
        if found is not None and found[0] == generation:
            # A copy per request: views may cache things on the site's root page.
            request._wagtail_site = copy.deepcopy(found[1])
        else:
            site = Site.find_for_request(request)
            if site is not None and generation is not None:
                if len(_site_lookups) >= SITE_LOOKUPS_KEPT:
                    _site_lookups.clear()
                _site_lookups[key] = (generation, copy.deepcopy(site))
        return self.get_response(request)


def forget_site_lookups(sender=None, instance=None, **kwargs) -> None:
    # Saving a page sends the signal for its own class (HomePage, …), never for Page.
    if instance is not None and not isinstance(instance, (Page, Site)):
        return
    SITES_COUNTER.bump()
    if isinstance(instance, Site):
        # A new hostname or root page changes what every address serves.
        forget_cached_pages()


post_save.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_saved")
post_delete.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_deleted")
post_page_move.connect(forget_site_lookups, dispatch_uid="seloste_site_lookups_moved")
