import uuid

from django.db import migrations, models

import notices.outbox.models


def give_message_ids(apps, schema_editor):
    OutboxMessage = apps.get_model("seloste_outbox", "OutboxMessage")
    for message in OutboxMessage.objects.filter(message_id__isnull=True).only("pk"):
        message.message_id = f"<{uuid.uuid4().hex}.outbox@seloste.invalid>"
        message.save(update_fields=["message_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("seloste_outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="send_time_values",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(max_length=255, null=True, editable=False),
        ),
        migrations.RunPython(give_message_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(
                default=notices.outbox.models.new_message_id,
                editable=False,
                max_length=255,
                unique=True,
                verbose_name="Message-ID",
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="handed_over_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed, waiting for deliver_mail"),
                    ("unconfirmed", "Handed to the mail server, delivery not confirmed"),
                ],
                db_index=True,
                default="pending",
                max_length=12,
                verbose_name="status",
            ),
        ),
    ]
