"""Notices published before versions were recorded get their history from Wagtail's publish log."""

from django.db import migrations


def backfill(apps, schema_editor):
    NoticeVersion = apps.get_model("notices", "NoticeVersion")
    PrivacyNoticePage = apps.get_model("notices", "PrivacyNoticePage")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Revision = apps.get_model("wagtailcore", "Revision")

    page_ids = set(PrivacyNoticePage.objects.values_list("pk", flat=True))
    known = set(NoticeVersion.objects.values_list("revision_id", flat=True))
    entries = PageLogEntry.objects.filter(
        action="wagtail.publish", page_id__in=page_ids, revision_id__isnull=False
    ).order_by("timestamp", "pk")
    for entry in entries.iterator():
        if entry.revision_id in known:
            continue
        revision = Revision.objects.filter(pk=entry.revision_id).first()
        content = (revision.content if revision else None) or {}
        NoticeVersion.objects.create(
            page_id=entry.page_id,
            revision_id=revision.pk if revision else None,
            published_at=entry.timestamp,
            title=(content.get("title") or entry.label or "")[:255],
            change_summary=content.get("change_summary") or "",
            material_change=False,  # whatever it changed was asked for at the time
        )
        known.add(entry.revision_id)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0005_tietosuoja_group"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Reversing keeps the rows: they are true versions, and 0003's reversal drops the table.
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
