from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Outgoing mail stored first and sent by a background task, with retries."""

    name = "notices.outbox"
    label = "seloste_outbox"
    verbose_name = _("Outgoing mail")
    default_auto_field = "django.db.models.BigAutoField"

    # prepare_seloste and uninstall_seloste (cookies/setup.py) call these, in this order.
    seloste_order = 20

    def seloste_uninstall(self, report) -> None:
        from .setup import uninstall

        uninstall(report)
