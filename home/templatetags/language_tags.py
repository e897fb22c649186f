"""The same page in the site's other languages: the language switcher and hreflang links."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # False when the page has no translation in this language and the link goes to that
    # language's home page instead; such a link is no hreflang alternate of this page.
    is_translation: bool


def _content_languages() -> list[tuple[str, str]]:
    return list(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))


def _page_links(page: Page, request: HttpRequest | None, current: str) -> list[LanguageLink]:
    languages = _content_languages()
    site = Site.find_for_request(request) if request else None  # cached on the request
    root_key = site.root_page.translation_key if site else None
    # The page's translations and the home pages to fall back on, in one query.
    candidates = (
        Page.objects.live()
        .filter(translation_key__in={page.translation_key, root_key} - {None})
        .select_related("locale")
    )
    translations, homes = {}, {}
    for candidate in candidates:
        code = candidate.locale.language_code
        if candidate.translation_key == page.translation_key:
            translations[code] = candidate
        if candidate.translation_key == root_key:
            homes[code] = candidate
    links = []
    for code, name in languages:
        target = translations.get(code) or homes.get(code)
        if target is None:
            continue
        # Relative to the request, so the links work on whatever host serves the site (a dev
        # server on :8000, a CDN); a page of another Wagtail site keeps its own absolute URL.
        url = target.get_url(request=request)
        if not url:
            continue
        if request is not None:
            url = request.build_absolute_uri(url)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                is_current=code == current,
                is_translation=code in translations,
            )
        )
    return links


def _path_links(request: HttpRequest, current: str) -> list[LanguageLink]:
    """For views that are no Wagtail page (cookie settings): the same URL in another prefix."""
    links = []
    for code, name in _content_languages():
        path = translate_url(request.get_full_path(), code)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=request.build_absolute_uri(path),
                is_current=code == current,
                # translate_url returns the path unchanged when it cannot translate it.
                is_translation=code == current or path != request.get_full_path(),
            )
        )
    return links


def language_links(context: template.Context) -> list[LanguageLink]:
    """Every content language with where this page lives in it; computed once per request."""
    request = context.get("request")
    cached = getattr(request, "_seloste_language_links", None)
    if cached is not None:
        return cached
    current = translation.get_language() or settings.LANGUAGE_CODE
    page = context.get("page")
    if getattr(request, "is_preview", False):
        links = []  # a draft has no public address in any language yet
    elif isinstance(page, Page) and page.pk and page.live:
        links = _page_links(page, request, current)
    elif request is not None:
        links = _path_links(request, current)
    else:
        links = []
    if request is not None:
        request._seloste_language_links = links
    return links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    links = language_links(context)
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context: template.Context) -> dict:
    """<link rel="alternate" hreflang> for each language the page is really translated into."""
    links = [link for link in language_links(context) if link.is_translation]
    request = context.get("request")
    current = next((link for link in links if link.is_current), None)
    if request is not None and current is not None:
        # A sub-route of a page (a form's "sent" step, a version) is not the page itself, and
        # the translations' URLs are the page's: claiming them as alternates would be wrong.
        if urlsplit(current.url).path != request.path:
            return {"links": [], "default": None}
    default = next((link for link in links if link.code == settings.LANGUAGE_CODE), None)
    if len(links) < 2:
        return {"links": [], "default": None}  # a page alone in its language has no alternates
    return {"links": links, "default": default}
