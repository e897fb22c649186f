"""Installing and removing rights requests (`prepare_seloste`, `uninstall_seloste`)."""

from django.conf import settings

from cookies.setup import (
    Report,
    delete_pages,
    ensure_group,
    ensure_permissions,
    grant,
)

# Its members read and handle the requests; editors do not see them at all.
PRIVACY_TEAM_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "seloste_rights.view_rightsrequest",
    "seloste_rights.change_rightsrequest",
    "seloste_rights.change_rightsrequestsettings",
]


def privacy_group_name() -> str:
    return getattr(settings, "SELOSTE_PRIVACY_GROUP", "Tietosuoja")


def prepare(report: Report) -> None:
    ensure_permissions("seloste_rights")
    group = ensure_group(privacy_group_name(), report)
    grant(group, PRIVACY_TEAM_PERMISSIONS, report)


def uninstall(report: Report) -> None:
    from .models import RightsRequestPage

    delete_pages(RightsRequestPage, report)
