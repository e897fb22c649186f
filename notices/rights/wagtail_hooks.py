"""Admin wiring of rights requests: the inbox, its audit-log actions and dashboard panel."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import RightsRequestsPanel, RightsRequestViewSet, request_permissions


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
