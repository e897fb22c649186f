from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published


class NoticesConfig(AppConfig):
    name = "notices"
    # Prefixed: "notices" is a name a host site may well use for an app of its own.
    label = "seloste_notices"
    verbose_name = _("Privacy notices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import ContactPerson, Organisation, SupervisoryAuthority
        from .publishing import record_version
        from .render_cache import forget_rendered_sections

        page_published.connect(record_version, dispatch_uid="seloste_notices_record_version")
        for model in (Organisation, ContactPerson, SupervisoryAuthority):
            uid = f"seloste_notices_sections_{model.__name__}"
            post_save.connect(forget_rendered_sections, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_rendered_sections, sender=model, dispatch_uid=f"{uid}_d")
