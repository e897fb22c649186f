"""Let Wagtail's standard editor groups read the cookie scan and start one.

Declaring what a scan finds is already theirs (seloste_cookies 0004). A host site without
these groups gets nothing here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": ["view_cookiescan", "add_cookiescan"],
    "Moderators": ["view_cookiescan", "add_cookiescan"],
}


def permissions(apps, group_name: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="seloste_scanner",
        content_type__model="cookiescan",
        codename__in=GRANTS[group_name],
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now for a fresh DB.
    app_config = apps.get_app_config("seloste_scanner")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(*permissions(apps, group.name))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions(apps, group.name))


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_scanner", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
