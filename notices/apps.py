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

    # prepare_seloste and uninstall_seloste (cookies/setup.py) call these, in this order.
    seloste_order = 30

    def seloste_prepare(self, report) -> None:
        from .setup import prepare

        prepare(report)

    def seloste_uninstall(self, report) -> None:
        from .setup import uninstall

        uninstall(report)

    def ready(self) -> None:
        from .models import (
            AuthorityContactDetails,
            ContactDetails,
            ContactPerson,
            Organisation,
            SupervisoryAuthority,
        )
        from .models.snippets import forget_unused_facts
        from .publishing import record_version
        from .render_cache import forget_rendered_sections

        page_published.connect(record_version, dispatch_uid="seloste_notices_record_version")
        for model in (ContactPerson, SupervisoryAuthority):
            post_delete.connect(
                forget_unused_facts, sender=model, dispatch_uid=f"seloste_facts_{model.__name__}"
            )
        snippet_models = (
            Organisation,
            ContactPerson,
            ContactDetails,
            SupervisoryAuthority,
            AuthorityContactDetails,
        )
        for model in snippet_models:
            uid = f"seloste_notices_sections_{model.__name__}"
            post_save.connect(forget_rendered_sections, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_rendered_sections, sender=model, dispatch_uid=f"{uid}_d")
