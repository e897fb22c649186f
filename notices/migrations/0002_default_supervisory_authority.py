"""Install Finland's supervisory authority in the languages the site already has."""

import uuid

from django.db import migrations

from notices.authorities import FINNISH_AUTHORITY, FINNISH_AUTHORITY_SHARED


def install_authority(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    SupervisoryAuthority = apps.get_model("seloste_notices.SupervisoryAuthority")
    if SupervisoryAuthority.objects.filter(email=FINNISH_AUTHORITY_SHARED["email"]).exists():
        return
    translation_key = uuid.uuid4()
    for locale in Locale.objects.filter(language_code__in=FINNISH_AUTHORITY):
        SupervisoryAuthority.objects.create(
            locale=locale,
            translation_key=translation_key,
            **FINNISH_AUTHORITY[locale.language_code],
            **FINNISH_AUTHORITY_SHARED,
        )


def remove_authority(apps, schema_editor):
    SupervisoryAuthority = apps.get_model("seloste_notices.SupervisoryAuthority")
    SupervisoryAuthority.objects.filter(email=FINNISH_AUTHORITY_SHARED["email"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_notices", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunPython(install_authority, remove_authority),
    ]
