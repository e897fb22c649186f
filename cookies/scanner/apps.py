from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScannerConfig(AppConfig):
    """The cookie scan: what the site really sets and sends, visitor by visitor, compared with
    the declarations."""

    name = "cookies.scanner"
    label = "seloste_scanner"
    verbose_name = _("Cookie scan")
    default_auto_field = "django.db.models.BigAutoField"
