"""Which addresses a scan visits: the site's live public pages from Wagtail's page tree, the
cookie settings page in every language, and the pages with forms.

Read from the database before the browser starts; the browser part touches no database.
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page, Site

from . import conf


@dataclass
class Target:
    """One address to visit, with what it is."""

    url: str
    path: str
    title: str
    # "page" from the tree, "form" (visited whatever the limit), "settings" (cookie settings)
    kind: str

    def to_dict(self) -> dict:
        return asdict(self)


def site_for(base_url: str) -> Site | None:
    """The Wagtail site the address belongs to, else the default site."""
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    sites = Site.objects.select_related("root_page")
    return (
        sites.filter(hostname=parts.hostname, port=port).first()
        or sites.filter(hostname=parts.hostname).first()
        or sites.filter(is_default_site=True).first()
    )


def origin_of(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def scan_targets(base_url: str, limit: int) -> list[Target]:
    """Up to `limit` pages of the tree (shallowest first, every language), then the pages
    with forms the limit left out, then the cookie settings page in each language."""
    origin = origin_of(base_url)
    site = site_for(base_url)
    pages = site_pages(site)
    tree = tree_targets(origin, site, pages, limit)
    seen = {target.path for target in tree}
    forms = [
        t
        for t in tree_targets(origin, site, pages.filter(form_pages()), limit)
        if t.path not in seen
    ]
    for target in forms:
        target.kind = "form"
    return [*tree, *forms, *settings_targets(origin, seen)]


def site_pages(site: Site | None):
    """Live pages anyone may see, under the site's root and its translations."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    if site is None:
        return pages
    roots = site.root_page.get_translations(inclusive=True) if site.root_page else []
    within = Q()
    for root in roots:
        within |= Q(path__startswith=root.path)
    return pages.filter(within) if roots else pages.none()


def tree_targets(origin: str, site: Site | None, pages, limit: int) -> list[Target]:
    targets = []
    # Shallowest first: the home pages of every language, then what hangs under them.
    for page in pages.order_by("depth", "path").specific(defer=True).iterator(chunk_size=200):
        if len(targets) >= limit:
            break
        parts = page.get_url_parts()
        if parts is None:
            continue  # not routable
        site_id, __, path = parts
        if site is not None and site_id != site.pk:
            continue
        targets.append(Target(url=origin + path, path=path, title=page.title, kind="page"))
    return targets


def form_pages() -> Q:
    """Pages of the types in SELOSTE_SCAN_ALWAYS_PAGE_TYPES, and Wagtail's form pages."""
    models = []
    for label in conf.always_page_types():
        app_label, __, model_name = label.partition(".")
        try:
            models.append(apps.get_model(app_label, model_name))
        except (LookupError, ValueError):
            continue  # an app not installed here
    if apps.is_installed("wagtail.contrib.forms"):
        from wagtail.contrib.forms.models import FormMixin

        models += [m for m in apps.get_models() if issubclass(m, Page) and issubclass(m, FormMixin)]
    if not models:
        return Q(pk__in=[])
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*models, for_concrete_models=False).values()
    return Q(content_type__in=list(types))


def settings_languages() -> list[str]:
    """The languages whose cookie settings page has an address of its own: each content
    language when the URLs carry a language prefix, else the one the site speaks."""
    prefixed, __ = is_language_prefix_patterns_used(settings.ROOT_URLCONF)
    if not prefixed:
        return [settings.LANGUAGE_CODE]
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return [code for code, __ in languages]


def settings_targets(origin: str, seen: set[str]) -> list[Target]:
    """The cookie settings page in every language (cookies' own URL name)."""
    targets = []
    for code in settings_languages():
        with translation.override(code):
            try:
                path = reverse("cookies:settings")
            except NoReverseMatch:
                return []  # a host that did not include the cookie URLs
        if path not in seen:
            seen.add(path)
            targets.append(Target(url=origin + path, path=path, title=code, kind="settings"))
    return targets
