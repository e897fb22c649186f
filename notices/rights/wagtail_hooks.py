"""Admin wiring of rights requests: the inbox, its audit-log actions and dashboard panel."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from cookies.menu import SELOSTE_SETTINGS_MENU_HOOK

from .admin_views import RightsRequestsPanel, RightsRequestViewSet, request_permissions
from .flow import routing_recipients
from .models import RightsRequestPage, RightsRequestSettings


@hooks.register("before_publish_page")
def refuse_to_publish_a_form_nobody_receives(request: HttpRequest, page: Page):
    """A published form whose requests reach nobody would lose data subjects' requests in
    silence: the page stays a draft and the editor is told what to set."""
    if not isinstance(page.specific, RightsRequestPage):
        return None
    if routing_recipients(page.specific.notice, page.get_site()):
        return None
    if page.live and page.live_revision_id is None:
        # Wagtail's create view saves a new page as live before it asks this hook.
        Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(
        request,
        _(
            "The request page was not published: requests sent through it would reach nobody. "
            "Choose a contact person with an email address in the notice's 'Contact person' "
            "section, or set an extra inbox under Seloste → Settings → Rights requests, then "
            "publish again. Your changes are saved as a draft."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_viewset")
def register_rights_request_viewset():
    return RightsRequestViewSet()


@hooks.register("register_log_actions")
def register_rights_request_actions(actions) -> None:
    actions.register_action(
        "notices.request.received", _("Request received"), _("Request received through the form")
    )
    actions.register_action(
        "notices.request.repeated",
        _("Request sent again"),
        _("The requester sent the same request again; their text was added as a note"),
    )
    actions.register_action(
        "notices.request.verified", _("Email verified"), _("The requester confirmed their email")
    )
    actions.register_action("notices.request.status", _("Status changed"), _("Status changed"))
    actions.register_action("notices.request.note", _("Note added"), _("Internal note added"))
    actions.register_action(
        "notices.request.reminded", _("Reminder sent"), _("Deadline reminder sent")
    )
    actions.register_action(
        "notices.request.purged",
        _("Personal data removed"),
        _("Personal data removed after the retention period"),
    )


@hooks.register("construct_homepage_panels")
def add_rights_requests_panel(request, panels) -> None:
    if request_permissions.user_has_permission(request.user, "view"):
        panels.append(RightsRequestsPanel())


@hooks.register(SELOSTE_SETTINGS_MENU_HOOK)
def register_rights_settings_menu_item():
    from wagtail.contrib.settings.registry import SettingMenuItem

    return SettingMenuItem(RightsRequestSettings, icon="mail", name="rights-settings", order=20)
