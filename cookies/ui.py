"""What the consent tag puts on a page, cached: it is the same for every visitor of a site in
one language, so a warm page costs no queries for consent."""

import json
from collections.abc import Callable
from typing import TypeVar

from cookie_consent.cache import all_cookie_groups
from cookie_consent.conf import settings as cc_settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from .consent import current_policy
from .counters import CacheCounter, cache_get, cache_set
from .models import ConsentSettings

T = TypeVar("T")
# Google Analytics runs under the consent of whichever group declares its cookie.
ANALYTICS_COOKIE = "_ga"
# Moves on whenever anything the consent UI shows changes: declarations, settings, policy.
CONSENT_COUNTER = CacheCounter("cookies:ui:generation")
# A safety net for per-process caches; saving anything involved invalidates at once.
TIMEOUT = 60


def invalidate(sender: type | None = None, **kwargs) -> None:
    """Forget every cached page context (connected to the signals of everything it reads)."""
    instance = kwargs.get("instance")
    if sender is ConsentSettings and kwargs.get("created") and not has_changes(instance):
        # The first page a site serves creates its settings row with the defaults it has just
        # rendered; forgetting that page would only cost the next visitor the queries again.
        return
    CONSENT_COUNTER.bump()


def has_changes(setting: ConsentSettings) -> bool:
    defaults = ConsentSettings(site_id=setting.site_id)
    fields = [f.attname for f in ConsentSettings._meta.concrete_fields if f.attname != "id"]
    return any(getattr(setting, name) != getattr(defaults, name) for name in fields)


def notice_url(setting: ConsentSettings, request: HttpRequest) -> str:
    """The chosen privacy notice in the visitor's language, else in the language it has."""
    page = setting.notice_page
    if page is None:
        return ""
    translated = page.localized if hasattr(page, "localized") else page
    if not translated.live:
        translated = page
    return (translated.get_url(request) or "") if translated.live else ""


def build(request: HttpRequest) -> dict:
    # Versions store what this builds; declarations read `cached` from here.
    from .declarations import declared_cookie_groups
    from .versions import banner_version_id, declaration_version_id

    setting = ConsentSettings.for_request(request)
    policy_version, __ = current_policy()
    groups = all_cookie_groups()
    declared = {group.varname: group for group in declared_cookie_groups()}
    analytics_group = next(
        (
            varname
            for varname in groups
            if varname in declared
            and any(cookie.name == ANALYTICS_COOKIE for cookie in declared[varname].cookies)
        ),
        None,
    )
    measurement_id = setting.ga_measurement_id if analytics_group else ""
    banner = {
        "banner_text": setting.banner_text(),
        "optional_group_names": [declared[v].name for v in groups if v in declared],
        "notice_url": notice_url(setting, request),
        "decide_url": reverse("cookies:decide"),
        "settings_url": reverse("cookies:settings"),
    }
    # The version is what every visitor sees: the banner without this page's address.
    banner_version = banner_version_id(
        "banner", render_to_string("cookies/banner.html", {**banner, "next_url": ""})
    )
    declaration_version = declaration_version_id()
    config = {
        "cookie": cc_settings.COOKIE_CONSENT_NAME,
        "decline": cc_settings.COOKIE_CONSENT_DECLINE,
        "policy": str(policy_version),
        "decide": banner["decide_url"],
        "renewalDays": setting.renewal_days,
        "refusalQuietDays": setting.refusal_quiet_days,
        "groups": {
            varname: {"version": group.get_version(), **forgettable(declared.get(varname))}
            for varname, group in groups.items()
        },
        "analytics": {"group": analytics_group, "id": measurement_id} if measurement_id else None,
        "declarationVersion": declaration_version,
    }
    return {
        "config": config,
        "config_script": config_script(config),
        **banner,
        "banner_version": banner_version,
        "declaration_version": declaration_version,
        "analytics_measurement_id": measurement_id,
        "media_frame_sources": media_frame_sources(),
        "has_optional_groups": bool(groups),
    }


def forgettable(group) -> dict:
    """What withdrawal deletes in the browser: the group's own cookies and storage keys (those
    of other sites' frames are out of the page's reach), by name or name prefix."""
    own = [cookie for cookie in group.cookies if not cookie.domain] if group else []
    kinds = {
        kind: [cookie.name for cookie in own if cookie.storage == kind]
        for kind in ("cookie", "local", "session")
    }
    return {kind: names for kind, names in kinds.items() if names}  # every byte is on every page


def media_frame_sources() -> list[str]:
    """CSP frame sources of the declared external media, for the pages that may embed them."""
    from .media import frame_sources

    return frame_sources()


def cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, cached until anything consent reads from changes (see `invalidate`)."""
    generation = CONSENT_COUNTER.value()
    if generation is None:
        return compute()  # no cache to be had
    key = f"cookies:{generation}:{name}"
    value = cache_get(cache, key)
    if value is None:
        value = compute()
        cache_set(cache, key, value, TIMEOUT)
    return value


def ui_context(request: HttpRequest) -> dict:
    site = Site.find_for_request(request)
    name = f"ui:{site.pk if site else 0}:{get_language()}"
    return cached(name, lambda: build(request))


# As Django's json_script escapes, so the JSON cannot end the script element early.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def config_script(config: dict) -> SafeString:
    """The script's configuration as json_script writes it, without the spaces: it is on
    every page."""
    text = json.dumps(config, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    return format_html(
        '<script id="cc-config" type="application/json">{}</script>', mark_safe(text)
    )  # noqa: S308
