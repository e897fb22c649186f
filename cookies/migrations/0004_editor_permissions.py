"""Let Wagtail's standard editor groups declare cookies and edit the consent settings.

The marketing editor declares cookies (the notice's table comes from them); moderators also
read the proof of consent. A host site without these groups gets nothing here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DECLARATIONS = [
    (model, f"{action}_{model}")
    for model in ("declaredcookie", "declaredcookiegroup")
    for action in ("add", "change", "delete", "view")
] + [("consentsettings", "change_consentsettings")]
GRANTS = {
    "Editors": DECLARATIONS,
    "Moderators": [*DECLARATIONS, ("consentrecord", "view_consentrecord")],
}


def permissions(apps, group_name: str):
    Permission = apps.get_model("auth", "Permission")
    for model, codename in GRANTS[group_name]:
        permission = Permission.objects.filter(
            content_type__app_label="seloste_cookies", content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            yield permission


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now for a fresh DB.
    app_config = apps.get_app_config("seloste_cookies")
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
        ("seloste_cookies", "0003_default_cookie_declarations"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
