"""The site's cookie declarations, read by whoever documents them (the notice's cookie section).

One source of truth: the banner, the settings page and the notice's cookie table all read the
django-cookie-consent records and their declaration details from here.
"""

from dataclasses import dataclass, field

from cookie_consent.models import Cookie, CookieGroup
from django.db.models import Prefetch
from django.utils.translation import get_language, gettext

from .models import DeclaredCookie, DeclaredCookieGroup
from .ui import cached


@dataclass
class CookieDeclaration:
    name: str
    provider: str
    purpose: str
    duration: str
    is_third_party: bool
    transferred_outside_eea: bool


@dataclass
class GroupDeclaration:
    varname: str
    name: str
    description: str
    is_required: bool
    cookies: list[CookieDeclaration] = field(default_factory=list)


def _cookie(cookie: Cookie) -> CookieDeclaration:
    details: DeclaredCookie | None = getattr(cookie, "declaredcookie", None)
    return CookieDeclaration(
        name=cookie.name,
        provider=(details.provider if details else "") or gettext("this site"),
        purpose=details.localized_purpose() if details else cookie.description,
        duration=details.duration_display() if details else "",
        is_third_party=bool(details and details.is_third_party),
        transferred_outside_eea=bool(details and details.transferred_outside_eea),
    )


def declared_cookie_groups() -> list[GroupDeclaration]:
    """Cookie groups with their cookies in display order, in the active language.

    Cached until a declaration changes; otherwise two queries whatever their number. Groups
    and cookies added through django-cookie-consent's own admin (without declaration
    details) are listed too.
    """
    return cached(f"declarations:{get_language()}", _declared_cookie_groups)


def _declared_cookie_groups() -> list[GroupDeclaration]:
    cookies = Cookie.objects.select_related("declaredcookie").order_by("name")
    groups = (
        CookieGroup.objects.select_related("declaredcookiegroup")
        .prefetch_related(Prefetch("cookie_set", queryset=cookies))
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
                cookies=[_cookie(cookie) for cookie in group.cookie_set.all()],
            )
        )
    return result
