"""The site's cookie declarations, read by whoever documents them (the notice's cookie section)."""


def declared_cookie_groups() -> list:
    """Cookie groups with their cookies, in display order; two queries whatever their number."""
    from cookie_consent.models import CookieGroup

    return list(CookieGroup.objects.prefetch_related("cookie_set").order_by("ordering", "name"))
