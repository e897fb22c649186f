"""Admin wiring of the cookie scan: the report (in the "Cookie consent" menu) and the
dashboard panel."""

from wagtail import hooks

from .admin_views import CookieScanPanel, CookieScanViewSet, can_view, latest_done, needs_attention


@hooks.register("register_admin_viewset")
def register_cookie_scan_viewset() -> CookieScanViewSet:
    return CookieScanViewSet()


@hooks.register("construct_homepage_panels")
def add_cookie_scan_panel(request, panels) -> None:
    if not can_view(request.user):
        return
    scan = latest_done()
    if needs_attention(scan):
        panels.append(CookieScanPanel(scan))
