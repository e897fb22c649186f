import logging

from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

# What the inbox's search reads (RightsRequest.search_fields), as the table has it here.
SEARCHED = ["pk", "name", "email", "message", "status", "request_type", "deadline", "received_at"]


def index_stored_requests(apps, schema_editor):
    """Requests stored before the inbox searched Wagtail's index are added to it once, so a
    handler finds them as well as new ones. The index is filled from the model as it is now
    (only the columns above are read); if that cannot be done here, `manage.py update_index`
    does the same later, and the inbox lists every request meanwhile."""
    from wagtail.search.backends import get_search_backends

    from notices.rights.models import RightsRequest

    alias = schema_editor.connection.alias
    stored = RightsRequest.objects.using(alias).only(*SEARCHED).order_by("pk")
    if not stored.exists():
        return
    try:
        with transaction.atomic(using=alias):
            for backend in get_search_backends(with_auto_update=True):
                batch = []
                for rights_request in stored.iterator(chunk_size=1000):
                    batch.append(rights_request)
                    if len(batch) == 1000:
                        backend.add_bulk(RightsRequest, batch)
                        batch = []
                if batch:
                    backend.add_bulk(RightsRequest, batch)
    except DatabaseError:
        logger.exception("Rights requests not indexed for search: run manage.py update_index")


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_rights", "0003_atomic_submission"),
        ("wagtailsearch", "0006_customise_indexentry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rightsrequest",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("verified", "Email verified"),
                    ("in_progress", "In progress"),
                    ("extended", "Extended"),
                    ("completed", "Completed"),
                    ("refused", "Refused"),
                ],
                default="received",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="rightsrequest",
            index=models.Index(fields=["status", "received_at"], name="rights_status_received"),
        ),
        migrations.AddIndex(
            model_name="rightsrequest",
            index=models.Index(fields=["request_type", "received_at"], name="rights_type_received"),
        ),
        migrations.AddIndex(
            model_name="rightsrequest",
            index=models.Index(fields=["status", "deadline"], name="rights_status_deadline"),
        ),
        migrations.RunPython(index_stored_requests, migrations.RunPython.noop, elidable=True),
    ]
