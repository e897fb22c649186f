"""The privacy team's group that 0002 created is written down as Seloste's, so
`uninstall_seloste` deletes it (and never a group the site made itself)."""

from django.db import migrations

GROUP_NAME = "Tietosuoja"


def record(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    InstallationRecord = apps.get_model("seloste_cookies", "InstallationRecord")
    if Group.objects.filter(name=GROUP_NAME).exists():
        InstallationRecord.objects.get_or_create(kind="group", group_name=GROUP_NAME, permission="")


def forget(apps, schema_editor):
    InstallationRecord = apps.get_model("seloste_cookies", "InstallationRecord")
    InstallationRecord.objects.filter(kind="group", group_name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_rights", "0004_inbox_indexes"),
        ("seloste_cookies", "0010_installation_records"),
    ]

    operations = [migrations.RunPython(record, forget)]
