from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CookiesConfig(AppConfig):
    name = "cookies"
    verbose_name = _("Cookie consent")
    default_auto_field = "django.db.models.BigAutoField"
