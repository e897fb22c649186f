"""`migrate` stops changing what the host's groups may do.

0002 gave Wagtail's Editors and Moderators groups the scan's permissions during `migrate`,
without a word. They are taken back here; `manage.py prepare_seloste` grants them, printing
each grant, and records it for `uninstall_seloste`.
"""

from django.db import migrations

SILENT_GRANTS = {
    "Editors": ["view_cookiescan", "add_cookiescan"],
    "Moderators": ["view_cookiescan", "add_cookiescan"],
}


def _permissions(apps, group_name):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="seloste_scanner",
        content_type__model="cookiescan",
        codename__in=SILENT_GRANTS[group_name],
    )


def take_back_silent_grants(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=SILENT_GRANTS):
        group.permissions.remove(*_permissions(apps, group.name))


def grant_again(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=SILENT_GRANTS):
        group.permissions.add(*_permissions(apps, group.name))


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_scanner", "0002_editor_permissions"),
    ]

    operations = [migrations.RunPython(take_back_silent_grants, grant_again)]
