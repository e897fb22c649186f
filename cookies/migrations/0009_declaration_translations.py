"""Reader-facing texts in every content language, and a mark on what Seloste installed.

The Swedish and English columns (name_sv, purpose_en, banner_text_fi …) become `translations`,
{language: {field: text}}, so a site in English and German has German texts too; the default
language's text stays in the library's own fields. The defaults that the older migrations
0003 and 0007 installed are marked installed_by_seloste, so removing Seloste deletes them and
only them; on a site whose default language is not Finnish their main fields take the site's
language (or English) instead of the Finnish they were written in.
"""

from django.db import migrations, models

# (model, field, the field holding the default language's text, or None when every language
# is in translations)
MOVED = [
    ("DeclaredCookieGroup", "name", "name"),
    ("DeclaredCookieGroup", "description", "description"),
    ("DeclaredCookie", "purpose", "description"),
    ("ExternalMediaProvider", "data_destination", "data_destination"),
    ("ConsentSettings", "banner_text", None),
]
# What 0003 and 0007 installed, by its Finnish name: a group the site made with the same
# varname is the site's own.
INSTALLED_GROUPS = {
    "necessary": "Välttämättömät",
    "analytics": "Analytiikka",
    "external_media": "Ulkoinen media",
}
INSTALLED_PROVIDERS = ("YouTube", "Vimeo", "Google Maps")
SHIPPED = ("fi", "sv", "en")


def site_language() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE.split("-")[0].lower()


def is_installed(apps, model_name, row) -> bool:
    if model_name == "DeclaredCookie":
        return (
            apps.get_model("seloste_cookies", "DeclaredCookieGroup")
            .objects.filter(pk=row.cookiegroup_id, installed_by_seloste=True)
            .exists()
        )
    return getattr(row, "installed_by_seloste", False)


def to_translations(apps, schema_editor):
    DeclaredCookieGroup = apps.get_model("seloste_cookies", "DeclaredCookieGroup")
    for varname, name in INSTALLED_GROUPS.items():
        DeclaredCookieGroup.objects.filter(varname=varname, name=name).update(
            installed_by_seloste=True
        )
    apps.get_model("seloste_cookies", "ExternalMediaProvider").objects.filter(
        name__in=INSTALLED_PROVIDERS
    ).update(installed_by_seloste=True)
    default = site_language()
    for model_name, field, default_field in MOVED:
        model = apps.get_model("seloste_cookies", model_name)
        for row in model.objects.all():
            texts = {"fi": getattr(row, default_field)} if default_field else {}
            for language in ("sv", "en") if default_field else SHIPPED:
                texts[language] = getattr(row, f"{field}_{language}", "")
            texts = {language: text for language, text in texts.items() if text}
            if default_field is None:
                base = None
            elif default != "fi" and is_installed(apps, model_name, row):
                # The defaults were written in Finnish first; a site in another language shows
                # its own language where there is a text in it, else English, never Finnish.
                base = default if default in texts else "en" if "en" in texts else "fi"
            else:
                # What the site wrote in the main field stays there.
                base = "fi"
            translations = dict(row.translations or {})
            for language, text in texts.items():
                if language == base:
                    continue
                translations.setdefault(language, {})[field] = text
            update = ["translations"]
            if base is not None and base in texts:
                setattr(row, default_field, texts[base])
                update.append(default_field)
            row.translations = translations
            row.save(update_fields=update)


def from_translations(apps, schema_editor):
    for model_name, field, default_field in MOVED:
        model = apps.get_model("seloste_cookies", model_name)
        languages = ("sv", "en") if default_field else SHIPPED
        for row in model.objects.all():
            texts = row.translations or {}
            if default_field and texts.get("fi", {}).get(field):
                setattr(row, default_field, texts["fi"][field])
            for language in languages:
                setattr(row, f"{field}_{language}", texts.get(language, {}).get(field, ""))
            row.save()


class Migration(migrations.Migration):
    # Rows are rewritten between schema changes of the same tables; in one transaction
    # PostgreSQL refuses the ALTER TABLE after them ("pending trigger events"). Each step
    # commits on its own instead, the data step in its own transaction.
    atomic = False

    dependencies = [
        ('seloste_cookies', '0008_record_retention_in_words'),
    ]

    operations = [
        migrations.AddField(
            model_name='consentsettings',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='declaredcookie',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='declaredcookiegroup',
            name='installed_by_seloste',
            field=models.BooleanField(default=False, editable=False, verbose_name='installed by Seloste'),
        ),
        migrations.AddField(
            model_name='declaredcookiegroup',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='externalmediaprovider',
            name='installed_by_seloste',
            field=models.BooleanField(default=False, editable=False, verbose_name='installed by Seloste'),
        ),
        migrations.AddField(
            model_name='externalmediaprovider',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AlterField(
            model_name='externalmediaprovider',
            name='data_destination',
            field=models.TextField(blank=True, help_text='Shown on the placeholder, e.g. that data may be processed in the USA and on what grounds.', verbose_name='where data go'),
        ),
        migrations.RunPython(to_translations, from_translations),
        migrations.RemoveField(
            model_name='consentsettings',
            name='banner_text_en',
        ),
        migrations.RemoveField(
            model_name='consentsettings',
            name='banner_text_fi',
        ),
        migrations.RemoveField(
            model_name='consentsettings',
            name='banner_text_sv',
        ),
        migrations.RemoveField(
            model_name='declaredcookie',
            name='purpose_en',
        ),
        migrations.RemoveField(
            model_name='declaredcookie',
            name='purpose_sv',
        ),
        migrations.RemoveField(
            model_name='declaredcookiegroup',
            name='description_en',
        ),
        migrations.RemoveField(
            model_name='declaredcookiegroup',
            name='description_sv',
        ),
        migrations.RemoveField(
            model_name='declaredcookiegroup',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='declaredcookiegroup',
            name='name_sv',
        ),
        migrations.RemoveField(
            model_name='externalmediaprovider',
            name='data_destination_en',
        ),
        migrations.RemoveField(
            model_name='externalmediaprovider',
            name='data_destination_sv',
        ),
    ]
