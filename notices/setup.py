"""Installing and removing the notice (prepare_seloste, uninstall_seloste: cookies/setup.py)."""

from django.contrib.auth.models import Group

from cookies.setup import Report, delete_pages, ensure_permissions, grant

from .authorities import install_default_authority

# Marketing editors keep the notice's records; Wagtail's page permissions cover the pages.
SNIPPET_PERMISSIONS = [
    f"seloste_notices.{action}_{model}"
    for model in ("organisation", "contactperson", "supervisoryauthority")
    for action in ("add", "change", "view")
]
GRANTS = {"Editors": SNIPPET_PERMISSIONS, "Moderators": SNIPPET_PERMISSIONS}


def prepare(report: Report) -> None:
    install_default_authority(report)
    ensure_permissions("seloste_notices")
    for name, permissions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            grant(group, permissions, report)


def uninstall(report: Report) -> None:
    from .models import PrivacyNoticePage

    delete_pages(PrivacyNoticePage, report)
