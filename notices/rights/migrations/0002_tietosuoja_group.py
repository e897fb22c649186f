from django.contrib.auth.management import create_permissions
from django.db import migrations

# Members of this group read and handle rights requests; editors do not see them at all.
GROUP_NAME = "Tietosuoja"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("seloste_rights", "rightsrequest", "view_rightsrequest"),
    ("seloste_rights", "rightsrequest", "change_rightsrequest"),
    ("seloste_rights", "rightsrequestsettings", "change_rightsrequestsettings"),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so the
    # group can be given them on a fresh database.
    app_config = apps.get_app_config("seloste_rights")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_rights", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
