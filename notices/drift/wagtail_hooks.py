"""Admin wiring of translation drift: the report, its menu item and the dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import TranslationsBehindPanel, TranslationsBehindView


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translations-behind/",
            TranslationsBehindView.as_view(),
            name="notices_translations_behind",
        ),
        path(
            "reports/translations-behind/results/",
            TranslationsBehindView.as_view(results_only=True),
            name="notices_translations_behind_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translations_behind_menu_item():
    return MenuItem(
        _("Translations behind"),
        reverse("notices_translations_behind"),
        name="translations-behind",
        icon_name="resubmit",
        order=750,
    )


@hooks.register("construct_homepage_panels")
def add_translations_behind_panel(request, panels):
    panels.append(TranslationsBehindPanel(request))
