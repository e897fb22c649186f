from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CookiesConfig(AppConfig):
    name = "cookies"
    verbose_name = _("Cookie consent")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cookie_consent.models import Cookie, CookieGroup
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from .models import ConsentSettings, PolicyVersion
        from .ui import invalidate

        # Everything the consent tag's cached context is made of.
        for model in (Cookie, CookieGroup, ConsentSettings, PolicyVersion):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"cookies-ui-{model.__name__}")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"cookies-ui-d-{model.__name__}"
            )
        for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
            signal.connect(invalidate, dispatch_uid=f"cookies-ui-{id(signal)}")
