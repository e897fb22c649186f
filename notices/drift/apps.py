from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DriftConfig(AppConfig):
    """Translation drift: which translations made with wagtail-localize fell behind."""

    name = "notices.drift"
    label = "seloste_drift"
    verbose_name = _("Translation drift")

    def ready(self) -> None:
        from .segment_labels import install

        install()
