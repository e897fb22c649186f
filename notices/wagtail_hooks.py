"""Admin wiring of the notice: its snippets, the import screen, the completeness warnings."""

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cookies.menu import SELOSTE_MENU_HOOK

from .confirm_publish import confirm_before_publishing, publish_anyway_view
from .importer.views import IMPORT_ACTION, can_add_anywhere, import_view, report_view
from .models import ContactPerson, Organisation, SupervisoryAuthority
from .panels import IncompleteNoticesPanel


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
    # The language beside each row: every language has its own row, sharing name and email.
    list_display = ["name", LocaleColumn(label=_("Language")), "role", "email", "phone"]


class SupervisoryAuthorityViewSet(SnippetViewSet):
    model = SupervisoryAuthority
    icon = "mail"
    menu_label = _("Supervisory authorities")
    list_display = ["name", LocaleColumn(label=_("Language")), "email", "is_default"]


class NoticeSnippetsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, ContactPersonViewSet, SupervisoryAuthorityViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Privacy notice")
    menu_name = "privacy-notice"
    menu_order = 100
    menu_hook = SELOSTE_MENU_HOOK


register_snippet(NoticeSnippetsGroup)


hooks.register("before_publish_page", confirm_before_publishing)


@hooks.register("construct_homepage_panels")
def add_incomplete_notices_panel(request: HttpRequest, panels: list) -> None:
    panels.append(IncompleteNoticesPanel(request))


@hooks.register("register_log_actions")
def register_review_reminder_action(actions) -> None:
    actions.register_action(
        "notices.review_reminder",
        _("Review reminder sent"),
        _("A reminder to review the notice was sent"),
    )
    actions.register_action(
        IMPORT_ACTION, _("Imported"), _("The notice was imported from an existing notice")
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("notices/import/", import_view, name="notices_import"),
        path("notices/import/<int:page_id>/", report_view, name="notices_import_report"),
        path(
            "notices/<int:page_id>/publish/<int:revision_id>/",
            publish_anyway_view,
            name="notices_publish_anyway",
        ),
        # Finnish and Swedish for Wagtail's and wagtail-localize's scripts where theirs lack it.
        path(
            "notices/jsi18n/",
            JavaScriptCatalog.as_view(packages=["notices"]),
            name="seloste_admin_javascript_catalog",
        ),
    ]


@hooks.register("insert_global_admin_js")
def admin_script_translations() -> str:
    """After Wagtail's own catalogue, before any admin script renders its texts."""
    return format_html(
        '<script src="{}"></script><script src="{}" defer></script>',
        reverse("seloste_admin_javascript_catalog"),
        versioned_static("notices/admin/translation-editor.js"),
    )


@hooks.register("seloste_notice_version_link")
def notice_version_link(revision_id: int):
    """Proof of consent names the notice version it was given on: (its title, its address)."""
    from .dates import reader_date
    from .models import NoticeVersion

    version = NoticeVersion.for_revision(revision_id)
    if version is None:
        return None
    return f"{version.title} ({reader_date(version.published_at)})", version.get_url()


@hooks.register("insert_editor_js")
def notice_editor_script() -> str:
    """Fields asked where they matter: see notice-editor.js."""
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>',
        versioned_static("notices/admin/notice-editor.css"),
        versioned_static("notices/admin/notice-editor.js"),
    )


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_add_anywhere(request)


@hooks.register(SELOSTE_MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(
        _("Import a notice"),
        reverse("notices_import"),
        name="import-notice",
        icon_name="upload",
        order=110,
    )
