"""The scanner's settings, each with its default (SELOSTE_SCAN_*)."""

import os
import shutil

from django.conf import settings


def chromium_path() -> str | None:
    """SELOSTE_SCAN_CHROMIUM, else $CHROMIUM_PATH, else Debian's `chromium` on the PATH.

    The scanner never downloads a browser: without one it says so and stops.
    """
    configured = getattr(settings, "SELOSTE_SCAN_CHROMIUM", None) or os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def own_hosts() -> list[str]:
    """SELOSTE_SCAN_OWN_HOSTS: other hosts that are the site's own (a static-file CDN, say);
    requests to them are not third-party requests. Default: none."""
    return [host.lower() for host in getattr(settings, "SELOSTE_SCAN_OWN_HOSTS", [])]


def always_page_types() -> list[str]:
    """SELOSTE_SCAN_ALWAYS_PAGE_TYPES: page types ("app_label.ModelName") visited whatever the
    page limit, because they set cookies other pages do not (forms). Wagtail form pages are
    always visited."""
    return list(getattr(settings, "SELOSTE_SCAN_ALWAYS_PAGE_TYPES", []))


def page_limit() -> int:
    """SELOSTE_SCAN_PAGE_LIMIT: how many pages of the page tree a scan visits (200)."""
    return int(getattr(settings, "SELOSTE_SCAN_PAGE_LIMIT", 200))


def time_budget() -> float:
    """SELOSTE_SCAN_TIME_BUDGET: seconds after which a scan stops visiting pages (900)."""
    return float(getattr(settings, "SELOSTE_SCAN_TIME_BUDGET", 900))
