from django.conf import settings
from django.db import migrations

from notices.authorities import FINNISH_AUTHORITY, FINNISH_AUTHORITY_SHARED

# The notices add-on installs the supervisory authority in fi, sv and en, but only for locales
# that existed when its data migration ran (only the default one on a fresh database). Add the
# other languages so the authority reads in every language this site speaks.


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    SupervisoryAuthority = apps.get_model("seloste_notices.SupervisoryAuthority")
    for language_code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=language_code)

    for source in SupervisoryAuthority.objects.filter(email=FINNISH_AUTHORITY_SHARED["email"]):
        existing = set(
            SupervisoryAuthority.objects.filter(translation_key=source.translation_key).values_list(
                "locale__language_code", flat=True
            )
        )
        for locale in Locale.objects.filter(language_code__in=FINNISH_AUTHORITY):
            if locale.language_code in existing:
                continue
            SupervisoryAuthority.objects.create(
                locale=locale,
                translation_key=source.translation_key,
                **FINNISH_AUTHORITY[locale.language_code],
                **FINNISH_AUTHORITY_SHARED,
            )
            existing.add(locale.language_code)
        break


def remove_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    ContactPerson = apps.get_model("seloste_notices.ContactPerson")
    SupervisoryAuthority = apps.get_model("seloste_notices.SupervisoryAuthority")
    extra = Locale.objects.exclude(language_code=settings.LANGUAGE_CODE)
    SupervisoryAuthority.objects.filter(
        locale__in=extra, email=FINNISH_AUTHORITY_SHARED["email"]
    ).delete()
    # A locale that still holds content stays; deleting it would need deleting content first.
    extra.exclude(pk__in=Page.objects.values("locale_id")).exclude(
        pk__in=ContactPerson.objects.values("locale_id")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("seloste_notices", "0002_default_supervisory_authority"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunPython(add_locales, remove_locales),
    ]
