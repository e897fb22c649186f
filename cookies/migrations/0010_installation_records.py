"""What Seloste makes or grants outside its own tables is written down, so removal takes back
exactly that; and `migrate` stops changing what the host's groups may do.

0004 gave Wagtail's Editors and Moderators groups the declarations' permissions during
`migrate`, without a word. They are taken back here; `manage.py prepare_seloste` grants them,
printing each grant, and records it for `uninstall_seloste`.
"""

from django.db import migrations, models

# As seloste_cookies 0004 granted them.
DECLARATIONS = [
    (model, f"{action}_{model}")
    for model in ("declaredcookie", "declaredcookiegroup")
    for action in ("add", "change", "delete", "view")
] + [("consentsettings", "change_consentsettings")]
SILENT_GRANTS = {
    "Editors": DECLARATIONS,
    "Moderators": [*DECLARATIONS, ("consentrecord", "view_consentrecord")],
}


def _permissions(apps, group_name):
    Permission = apps.get_model("auth", "Permission")
    for model, codename in SILENT_GRANTS[group_name]:
        permission = Permission.objects.filter(
            content_type__app_label="seloste_cookies", content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            yield permission


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
        ('seloste_cookies', '0009_declaration_translations'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='InstallationRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('group', 'group created'), ('grant', 'permission granted')], max_length=10, verbose_name='kind')),
                ('group_name', models.CharField(max_length=150, verbose_name='group')),
                ('permission', models.CharField(blank=True, help_text='app_label.codename', max_length=255, verbose_name='permission')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'installation record',
                'verbose_name_plural': 'installation records',
                'constraints': [models.UniqueConstraint(fields=('kind', 'group_name', 'permission'), name='seloste_installation_unique')],
            },
        ),
        migrations.RunPython(take_back_silent_grants, grant_again),
    ]
