from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScannerConfig(AppConfig):
    """The cookie scan: what the site really sets and sends, visitor by visitor, compared with
    the declarations."""

    name = "cookies.scanner"
    label = "seloste_scanner"
    verbose_name = _("Cookie scan")
    default_auto_field = "django.db.models.BigAutoField"

    # prepare_seloste and uninstall_seloste (cookies/setup.py) call these, in this order.
    seloste_order = 15

    def seloste_prepare(self, report) -> None:
        from .setup import prepare

        prepare(report)

    def seloste_uninstall(self, report) -> None:
        from .setup import uninstall

        uninstall(report)
