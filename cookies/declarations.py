"""The site's cookie declarations, read by whoever documents them (the notice's cookie section).

One source of truth: the banner, the settings page and the notice's cookie table all read the
django-cookie-consent records and their declaration details from here.
"""

import math
from dataclasses import dataclass, field

from cookie_consent.models import Cookie, CookieGroup
from django.db.models import Prefetch
from django.utils.translation import get_language, gettext

from .models import DeclaredCookie, DeclaredCookieGroup, ExternalMediaProvider
from .ui import cached


@dataclass
class CookieDeclaration:
    """A cookie or a storage key (`storage` says which), as a visitor reads it."""

    name: str
    provider: str
    purpose: str
    duration: str
    is_third_party: bool
    transferred_outside_eea: bool
    storage: str = DeclaredCookie.Storage.COOKIE
    storage_label: str = ""
    domain: str = ""


@dataclass
class ProviderDeclaration:
    """An external media provider whose embeds load with its group's consent."""

    name: str
    company: str
    data_destination: str
    privacy_policy_url: str
    transferred_outside_eea: bool


@dataclass
class GroupDeclaration:
    varname: str
    name: str
    description: str
    is_required: bool
    cookies: list[CookieDeclaration] = field(default_factory=list)
    providers: list[ProviderDeclaration] = field(default_factory=list)
    version: str = ""


def _cookie(cookie: Cookie) -> CookieDeclaration:
    details: DeclaredCookie | None = getattr(cookie, "declaredcookie", None)
    storage = details.storage if details else DeclaredCookie.Storage.COOKIE
    return CookieDeclaration(
        name=cookie.name,
        provider=(details.provider if details else "") or gettext("this site"),
        purpose=details.localized_purpose() if details else cookie.description,
        duration=details.duration_display() if details else "",
        is_third_party=bool(details and details.is_third_party),
        transferred_outside_eea=bool(details and details.transferred_outside_eea),
        storage=storage,
        storage_label=str(DeclaredCookie.Storage(storage).label),
        domain=cookie.domain,
    )


def _provider(provider: ExternalMediaProvider) -> ProviderDeclaration:
    return ProviderDeclaration(
        name=provider.name,
        company=provider.company,
        data_destination=provider.localized_data_destination(),
        privacy_policy_url=provider.privacy_policy_url,
        transferred_outside_eea=provider.transferred_outside_eea,
    )


def declared_cookie_groups() -> list[GroupDeclaration]:
    """Cookie groups with their cookies in display order, in the active language.

    Cached until a declaration changes; otherwise three queries whatever their number. Groups
    and cookies added through django-cookie-consent's own admin (without declaration
    details) are listed too; unpublished declarations are not.
    """
    return cached(f"declarations:{get_language()}", _declared_cookie_groups)


def _declared_cookie_groups() -> list[GroupDeclaration]:
    # Drafts (declarations a cookie scan proposed, not yet completed by an editor) stay hidden.
    cookies = (
        Cookie.objects.select_related("declaredcookie")
        .exclude(declaredcookie__live=False)
        .order_by("name")
    )
    groups = (
        CookieGroup.objects.select_related("declaredcookiegroup")
        .prefetch_related(
            Prefetch("cookie_set", queryset=cookies, to_attr="declared_cookies"),
            "media_providers",
        )
        .order_by("ordering", "varname")
    )
    result = []
    for group in groups:
        details: DeclaredCookieGroup | None = getattr(group, "declaredcookiegroup", None)
        result.append(
            GroupDeclaration(
                varname=group.varname,
                name=details.localized_name() if details else group.name,
                description=details.localized_description() if details else group.description,
                is_required=group.is_required,
                cookies=[_cookie(cookie) for cookie in group.declared_cookies],
                providers=[_provider(provider) for provider in group.media_providers.all()],
                version=version_of(group.declared_cookies),
            )
        )
    return result


def create_draft_declaration(
    group: CookieGroup,
    name: str,
    *,
    domain: str = "",
    lifetime_seconds: float | None = None,
    is_third_party: bool = False,
    purpose: str = "",
    storage: str = DeclaredCookie.Storage.COOKIE,
) -> DeclaredCookie:
    """An unpublished declaration for a cookie (or storage key) found on the site, for an
    editor to complete.

    Visitors do not see it and the group's consent version stays as it was until an editor
    publishes it. `lifetime_seconds` None means a session cookie. A localStorage key is kept
    until deleted and a sessionStorage key until the tab closes, whatever the lifetime says.
    """
    value, unit = duration_from_seconds(lifetime_seconds)
    if storage == DeclaredCookie.Storage.LOCAL:
        value, unit = None, DeclaredCookie.DurationUnit.PERSISTENT
    elif storage == DeclaredCookie.Storage.SESSION:
        value, unit = None, DeclaredCookie.DurationUnit.SESSION
    return DeclaredCookie.objects.create(
        cookiegroup=group,
        name=name,
        domain=domain,
        description=purpose,
        duration_value=value,
        duration_unit=unit,
        is_third_party=is_third_party,
        storage=storage,
        live=False,
    )


def duration_from_seconds(seconds: float | None) -> tuple[int | None, str]:
    """The declared duration that covers a real lifetime: the largest unit that overstates it
    by no more than a tenth (400 days is "13 months", not "2 years")."""
    units = DeclaredCookie.DurationUnit
    if seconds is None:
        return None, units.SESSION
    for unit, size in DURATION_UNIT_SECONDS[::-1]:
        count = max(1, math.ceil(seconds / size - 1e-9))
        if count * size <= seconds * 1.1:
            return count, unit
    return max(1, math.ceil(seconds / 60)), units.MINUTES


# The longest a unit can be: a declaration never states less than the real lifetime.
DURATION_UNIT_SECONDS = [
    (DeclaredCookie.DurationUnit.MINUTES, 60),
    (DeclaredCookie.DurationUnit.HOURS, 60 * 60),
    (DeclaredCookie.DurationUnit.DAYS, 24 * 60 * 60),
    (DeclaredCookie.DurationUnit.MONTHS, 31 * 24 * 60 * 60),
    (DeclaredCookie.DurationUnit.YEARS, 366 * 24 * 60 * 60),
]


def declared_lifetime_seconds(cookie: DeclaredCookie) -> float | None:
    """The longest lifetime the declaration allows; None for a session cookie or no duration."""
    units = DeclaredCookie.DurationUnit
    if cookie.duration_unit in (units.SESSION, units.PERSISTENT) or not cookie.duration_value:
        return None
    return cookie.duration_value * dict(DURATION_UNIT_SECONDS)[cookie.duration_unit]


def version_of(cookies: list[Cookie]) -> str:
    """django-cookie-consent's group version (its newest cookie's creation time), from cookies
    already fetched."""
    newest = max(cookies, key=lambda cookie: cookie.created, default=None)
    return newest.get_version() if newest else ""
