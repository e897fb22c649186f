from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    """Data-subject rights requests: the form under a notice, the flow, the inbox."""

    name = "notices.rights"
    label = "seloste_rights"
    verbose_name = _("Rights requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notices.models import PrivacyNoticePage

        # The notice knows nothing of this app; installed, it may hold one request page.
        page_type = "seloste_rights.RightsRequestPage"
        if page_type not in PrivacyNoticePage.subpage_types:
            PrivacyNoticePage.subpage_types = [*PrivacyNoticePage.subpage_types, page_type]
