"""Embedded media (videos, maps, any iframe) behind a consent placeholder.

Every embed renders as a placeholder that names the provider, says what loading it means and
links to its privacy policy; the embed itself sits in an inert `<template>`, so the browser
requests nothing from the provider until the visitor loads it once or accepts the provider's
cookie group (static/seloste/cookies/consent.js swaps it in, and back out on withdrawal). The
page is the same bytes for everyone; whether to load is decided in the browser.

Embeds are rewritten to their providers' privacy-enhanced addresses where those exist
(YouTube's youtube-nocookie.com, Vimeo's do-not-track player).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cookie_consent.cache import all_cookie_groups
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .models import DeclaredCookieGroup, ExternalMediaProvider
from .ui import cached
from .versions import banner_version_id

# Where an embed's content comes from: the attributes that make the browser fetch something.
FETCHING_ATTRIBUTE = re.compile(
    r"""\b(?:src|data|poster)\s*=\s*(["']?)((?:https?:)?//[^"'\s>]+)\1""", re.IGNORECASE
)
IFRAME_TAG = re.compile(r"<iframe\b[^>]*>", re.IGNORECASE)
SRC_ATTRIBUTE = re.compile(r"""(\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
TITLE_ATTRIBUTE = re.compile(r"\btitle\s*=", re.IGNORECASE)
DEFAULT_GROUP = "external_media"
# Nearest of these sets the placeholder's and the frame's shape, so loading does not jump.
RATIOS = {"16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1.0, "9x16": 9 / 16}


@dataclass(frozen=True)
class Provider:
    name: str
    company: str
    privacy_policy_url: str
    data_destination: str
    group: str  # the cookie group whose consent loads it; "" when none exists
    group_name: str
    patterns: tuple[str, ...]

    def matches(self, host: str, path: str) -> bool:
        return any(pattern_matches(pattern, host, path) for pattern in self.patterns)


def pattern_matches(pattern: str, host: str, path: str) -> bool:
    """ "youtube.com" matches it and its subdomains; "www.google.com/maps" also the path."""
    pattern_host, __, pattern_path = pattern.partition("/")
    if host != pattern_host and not host.endswith("." + pattern_host):
        return False
    return not pattern_path or (path.lstrip("/") + "/").startswith(pattern_path.rstrip("/") + "/")


def declared_providers() -> list[Provider]:
    """Every declared provider in the active language (cached until a declaration changes)."""
    return cached(f"media-providers:{get_language()}", _declared_providers)


def _declared_providers() -> list[Provider]:
    names = group_names()
    return [
        Provider(
            name=provider.name,
            company=provider.company,
            privacy_policy_url=provider.privacy_policy_url,
            data_destination=provider.localized_data_destination(),
            group=provider.cookie_group.varname,
            group_name=names.get(provider.cookie_group.varname, provider.cookie_group.name),
            patterns=tuple(provider.host_patterns()),
        )
        for provider in ExternalMediaProvider.objects.select_related("cookie_group")
    ]


def group_names() -> dict[str, str]:
    return {
        group.varname: group.localized_name()
        for group in DeclaredCookieGroup.objects.filter(is_required=False)
    }


def fallback_group() -> tuple[str, str]:
    """The group an undeclared provider's embeds wait for (SELOSTE_EXTERNAL_MEDIA_GROUP)."""
    varname = getattr(settings, "SELOSTE_EXTERNAL_MEDIA_GROUP", DEFAULT_GROUP)
    if varname not in all_cookie_groups():
        return "", ""
    name = cached(f"media-group-names:{get_language()}", group_names).get(varname, varname)
    return varname, name


def provider_for(url: str) -> Provider:
    """The declared provider of an address, or one named after its host."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host, path = (parts.hostname or "").lower(), parts.path
    for provider in declared_providers():
        if provider.matches(host, path):
            return provider
    group, group_name = fallback_group()
    return Provider(host, "", "", "", group, group_name, (host,))


def frame_sources() -> list[str]:
    """CSP sources for every declared provider's address (and its subdomains)."""
    sources = []
    for provider in declared_providers():
        for pattern in provider.patterns:
            host, slash, path = pattern.partition("/")
            for source in (f"https://{host}{slash}{path}", f"https://*.{host}{slash}{path}"):
                if source not in sources:
                    sources.append(source)
    return sources


def privacy_enhanced(url: str) -> str:
    """The address of the same embed in its provider's privacy-enhanced mode, where one exists."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ("youtube.com", "www.youtube.com", "m.youtube.com") and parts.path.startswith(
        "/embed/"
    ):
        return urlunsplit(("https", "www.youtube-nocookie.com", *parts[2:]))
    if host == "player.vimeo.com":
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query["dnt"] = "1"
        return urlunsplit((parts.scheme or "https", parts.netloc, parts.path, urlencode(query), ""))
    return url


def first_fetched_url(content: str) -> str:
    match = FETCHING_ATTRIBUTE.search(content)
    return html.unescape(match.group(2)) if match else ""


def prepare_frames(content: str, title: str) -> str:
    """Each iframe at its privacy-enhanced address, with a title (a frame needs a name)."""

    def frame(match: re.Match) -> str:
        tag = SRC_ATTRIBUTE.sub(
            lambda src: (
                src.group(1)
                + src.group(2)
                + html.escape(privacy_enhanced(html.unescape(src.group(3))))
                + src.group(2)
            ),
            match.group(0),
            count=1,
        )
        if title and not TITLE_ATTRIBUTE.search(tag):
            tag = tag[:-1].rstrip("/ ") + f' title="{html.escape(title)}">'
        return tag

    return IFRAME_TAG.sub(frame, content)


def ratio_name(width: int | str | None, height: int | str | None) -> str:
    try:
        shape = int(width) / int(height)
    except (TypeError, ValueError, ZeroDivisionError):
        return "16x9"
    return min(RATIOS, key=lambda name: abs(RATIOS[name] - shape))


def placeholder(
    content: str,
    *,
    kind: str = "video",
    title: str = "",
    link: str = "",
    width: int | None = None,
    height: int | None = None,
) -> SafeString:
    """The placeholder for embed HTML that fetches from another site; other HTML as it is."""
    source = first_fetched_url(content)
    if not source:
        return mark_safe(content)  # noqa: S308 - the caller's own HTML, fetching nothing
    provider = provider_for(source)
    kind = kind if kind in ("video", "map") else "content"
    texts = {
        "provider": provider,
        "kind": kind,
        "always_allow": always_allow_label(provider.group_name),
        "decide_url": decide_url(),
    }
    # The part every embed of this provider shares is the version a decision points to.
    version = banner_version_id(
        "media", render_to_string("cookies/media_placeholder_text.html", texts)
    )
    text_html = render_to_string(
        "cookies/media_placeholder_text.html", {**texts, "banner_version": version}
    )
    context = {
        **texts,
        "text_html": mark_safe(text_html),  # noqa: S308 - rendered by our own template
        "content": mark_safe(prepare_frames(content, title or provider.name)),  # noqa: S308
        "title": title,
        "link": link,
        "ratio": ratio_name(width, height),
    }
    return mark_safe(render_to_string("cookies/media_placeholder.html", context))  # noqa: S308


def always_allow_label(group_name: str) -> str:
    # "Always allow external media": the group's name reads as a common noun mid-sentence.
    if group_name[:2].istitle():
        group_name = group_name[0].lower() + group_name[1:]
    return gettext("Always allow %(group)s") % {"group": group_name}


def decide_url() -> str:
    try:
        return reverse("cookies:decide")
    except NoReverseMatch:  # a host that has not included the URLs yet: no form, load once
        return ""


def embed_placeholder(embed) -> SafeString:
    """A Wagtail embed (EmbedBlock, an embed in rich text) as a placeholder."""
    kind = "video" if embed.type == "video" else "content"
    return placeholder(
        embed.html or "",
        kind=kind,
        title=embed.title or "",
        link=embed.url or "",
        width=embed.width,
        height=embed.height,
    )
