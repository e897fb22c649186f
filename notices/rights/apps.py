from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """Data-subject rights requests: the form under a notice, the flow, the inbox."""

    name = "notices.rights"
    label = "seloste_rights"
    verbose_name = _("Rights requests")
    default_auto_field = "django.db.models.BigAutoField"

    # prepare_seloste and uninstall_seloste (cookies/setup.py) call these, in this order.
    seloste_order = 40

    def seloste_prepare(self, report) -> None:
        from .setup import prepare

        prepare(report)

    def seloste_uninstall(self, report) -> None:
        from .setup import uninstall

        uninstall(report)

    def ready(self) -> None:
        from notices.checks import register_page_check
        from notices.models import PrivacyNoticePage

        from .checks import routing_findings

        # The completeness check names a form whose requests would reach nobody.
        register_page_check(routing_findings)

        # The notice knows nothing of this app; installed, it may hold one request page.
        page_type = "seloste_rights.RightsRequestPage"
        if page_type not in PrivacyNoticePage.subpage_types:
            PrivacyNoticePage.subpage_types = [*PrivacyNoticePage.subpage_types, page_type]
