import uuid

from django.db import migrations

# The Finnish supervisory authority in each language the site may speak; one translation key
# ties them together so wagtail-localize treats them as translations of one record.
AUTHORITY = {
    "fi": {
        "name": "Tietosuojavaltuutetun toimisto",
        "street_address": "Lintulahdenkuja 4, 00530 Helsinki",
        "postal_address": "PL 800, 00531 Helsinki",
    },
    "sv": {
        "name": "Dataombudsmannens byrå",
        "street_address": "Fågelviksgränden 4, 00530 Helsingfors",
        "postal_address": "PB 800, 00531 Helsingfors",
    },
    "en": {
        "name": "Office of the Data Protection Ombudsman",
        "street_address": "Lintulahdenkuja 4, 00530 Helsinki, Finland",
        "postal_address": "P.O. Box 800, 00531 Helsinki, Finland",
    },
}
SHARED = {
    "phone": "+358 29 566 6700",
    "email": "tietosuoja@om.fi",
    "website": "https://tietosuoja.fi",
    "is_default": True,
}


def install_authority(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    SupervisoryAuthority = apps.get_model("notices.SupervisoryAuthority")
    if SupervisoryAuthority.objects.filter(email=SHARED["email"]).exists():
        return
    translation_key = uuid.uuid4()
    for locale in Locale.objects.filter(language_code__in=AUTHORITY):
        SupervisoryAuthority.objects.create(
            locale=locale,
            translation_key=translation_key,
            **AUTHORITY[locale.language_code],
            **SHARED,
        )


def remove_authority(apps, schema_editor):
    SupervisoryAuthority = apps.get_model("notices.SupervisoryAuthority")
    SupervisoryAuthority.objects.filter(email=SHARED["email"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunPython(install_authority, remove_authority),
    ]
