from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .snippets import ContactPerson, Organisation, SupervisoryAuthority
from .translation_views import TranslationsBehindPanel, TranslationsBehindView


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    menu_label = _("Organisations")
    list_display = ["name", "business_id", "city"]
    search_fields = ["name", "business_id"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "role", "email"]
    search_fields = ["name", "email"]


class SupervisoryAuthorityViewSet(SnippetViewSet):
    model = SupervisoryAuthority
    icon = "mail"
    menu_label = _("Supervisory authorities")
    list_display = ["name", "email", "is_default"]


class NoticeSnippetsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ContactPersonViewSet, SupervisoryAuthorityViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Privacy notice")
    menu_name = "privacy-notice"


register_snippet(NoticeSnippetsGroup)


# Translation drift: a report of translations behind their original, and a dashboard panel.
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


# Hooks kept in their own modules: the rights-request inbox, its audit-log actions and
# dashboard panel; the completeness warning on publish, its dashboard panel and the import form.
from . import (  # noqa: E402
    admin_assurance,  # noqa: F401
    request_hooks,  # noqa: F401
)
