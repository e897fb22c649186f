"""Facts that read the same in every language move to one record that all translations share.

A contact person's name, email and phone, and an authority's phone, email, website and default
flag, were copied into every language's row and drifted apart when one was edited. Each group
of translations now points to one facts record, filled from the row in the site's default
language (the one editors change), else from the oldest row.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PERSON_FACTS = ("name", "email", "phone")
AUTHORITY_FACTS = ("phone", "email", "website", "is_default")


def _groups(model):
    rows = model.objects.select_related("locale").order_by("pk")
    groups = {}
    for row in rows:
        groups.setdefault(row.translation_key, []).append(row)
    return groups.values()


def _source(rows):
    default = settings.LANGUAGE_CODE
    return next((r for r in rows if r.locale.language_code == default), rows[0])


def move_facts(apps, schema_editor):
    for model_name, facts_name, names in (
        ("ContactPerson", "ContactDetails", PERSON_FACTS),
        ("SupervisoryAuthority", "AuthorityContactDetails", AUTHORITY_FACTS),
    ):
        model = apps.get_model("seloste_notices", model_name)
        facts_model = apps.get_model("seloste_notices", facts_name)
        for rows in _groups(model):
            source = _source(rows)
            facts = facts_model.objects.create(**{n: getattr(source, n) for n in names})
            model.objects.filter(pk__in=[r.pk for r in rows]).update(facts=facts)


def copy_facts_back(apps, schema_editor):
    for model_name, names in (
        ("ContactPerson", PERSON_FACTS),
        ("SupervisoryAuthority", AUTHORITY_FACTS),
    ):
        model = apps.get_model("seloste_notices", model_name)
        for row in model.objects.select_related("facts"):
            for name in names:
                setattr(row, name, getattr(row.facts, name))
            row.save(update_fields=list(names))


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_notices", "0002_default_supervisory_authority"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactDetails",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("email", models.EmailField(help_text="Rights requests made through the notice are sent here.", max_length=254, verbose_name="email")),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
            ],
            options={"verbose_name": "contact details", "verbose_name_plural": "contact details"},
        ),
        migrations.CreateModel(
            name="AuthorityContactDetails",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("website", models.URLField(blank=True, verbose_name="website")),
                ("is_default", models.BooleanField(default=False, help_text="Used by notices whose complaint section names no authority.", verbose_name="default")),
            ],
            options={"verbose_name": "authority's contact details", "verbose_name_plural": "authorities' contact details"},
        ),
        migrations.AddField(
            model_name="contactperson",
            name="facts",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="persons", to="seloste_notices.contactdetails", verbose_name="contact details"),
        ),
        migrations.AddField(
            model_name="supervisoryauthority",
            name="facts",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="authorities", to="seloste_notices.authoritycontactdetails", verbose_name="contact details"),
        ),
        migrations.RunPython(move_facts, copy_facts_back),
        migrations.AlterModelOptions(
            name="contactperson",
            options={"ordering": ["facts__name", "locale__language_code"], "verbose_name": "contact person", "verbose_name_plural": "contact persons"},
        ),
        # A default, so unapplying (`migrate seloste_notices zero`) can add the columns back
        # to existing rows before copy_facts_back fills them.
        migrations.AlterField(
            model_name="contactperson", name="name",
            field=models.CharField(default="", max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="contactperson", name="email",
            field=models.EmailField(default="", help_text="Rights requests made through the notice are sent here.", max_length=254, verbose_name="email"),
        ),
        migrations.RemoveField(model_name="contactperson", name="name"),
        migrations.RemoveField(model_name="contactperson", name="email"),
        migrations.RemoveField(model_name="contactperson", name="phone"),
        migrations.RemoveField(model_name="supervisoryauthority", name="phone"),
        migrations.RemoveField(model_name="supervisoryauthority", name="email"),
        migrations.RemoveField(model_name="supervisoryauthority", name="website"),
        migrations.RemoveField(model_name="supervisoryauthority", name="is_default"),
        migrations.AlterField(
            model_name="contactperson",
            name="facts",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="persons", to="seloste_notices.contactdetails", verbose_name="contact details"),
        ),
        migrations.AlterField(
            model_name="supervisoryauthority",
            name="facts",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="authorities", to="seloste_notices.authoritycontactdetails", verbose_name="contact details"),
        ),
    ]
