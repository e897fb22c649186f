"""Installing and removing the cookie scan (`prepare_seloste`, `uninstall_seloste`)."""

from django.contrib.auth.models import Group

from cookies.setup import Report, ensure_permissions, grant

# Editors declare what a scan finds (cookies/setup.py), so they may read one and start one.
GRANTS = {
    "Editors": ["seloste_scanner.view_cookiescan", "seloste_scanner.add_cookiescan"],
    "Moderators": ["seloste_scanner.view_cookiescan", "seloste_scanner.add_cookiescan"],
}


def prepare(report: Report) -> None:
    ensure_permissions("seloste_scanner")
    for name, permissions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            grant(group, permissions, report)


def uninstall(report: Report) -> None:
    """Nothing outside its tables; uninstall_seloste forgets its revisions and history."""
