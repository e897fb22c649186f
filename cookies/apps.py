from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move


class CookiesConfig(AppConfig):
    name = "cookies"
    # Prefixed: "cookies" is a name a host site may well use for an app of its own.
    label = "seloste_cookies"
    verbose_name = _("Cookie consent")
    default_auto_field = "django.db.models.BigAutoField"

    # prepare_seloste and uninstall_seloste (cookies/setup.py) call these, in this order.
    seloste_order = 10

    def seloste_prepare(self, report) -> None:
        from .setup import prepare

        prepare(report)

    def seloste_uninstall(self, report) -> None:
        from .setup import uninstall

        uninstall(report)

    def ready(self) -> None:
        from cookie_consent.models import Cookie, CookieGroup

        from . import checks, client_address  # noqa: F401  (register their system checks)
        from .models import (
            ConsentSettings,
            DeclaredCookie,
            DeclaredCookieGroup,
            ExternalMediaProvider,
            PolicyVersion,
        )
        from .setup import forget_content_types_of_removed_apps
        from .ui import invalidate

        # Everything the consent tag's cached context is made of. Multi-table children send
        # their own signals, hence both the library's models and ours.
        models = (Cookie, CookieGroup, DeclaredCookie, DeclaredCookieGroup, ExternalMediaProvider)
        for model in (*models, ConsentSettings, PolicyVersion):
            uid = f"cookies-ui-{model.__name__}"
            post_save.connect(invalidate, sender=model, dispatch_uid=uid)
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}-delete")
        post_migrate.connect(
            forget_content_types_of_removed_apps, dispatch_uid="seloste_forget_content_types"
        )
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(invalidate, dispatch_uid=f"cookies-ui-{id(signal)}")
