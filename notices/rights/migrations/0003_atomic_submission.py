import re
import secrets

from django.db import migrations, models

CONFIRM_LINK = re.compile(r"(/confirm/)([A-Za-z0-9_-]+)(/)")


def normalise_email(email):
    # As notices.rights.limits.normalise_email did when this migration was written.
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return email.strip().lower()
    untagged = local.split("+", 1)[0]
    return f"{untagged or local}@{domain.rstrip('.')}".lower()


def fill_email_keys(apps, schema_editor):
    RightsRequest = apps.get_model("seloste_rights", "RightsRequest")
    for rights_request in RightsRequest.objects.exclude(email="").only("pk", "email"):
        rights_request.email_key = normalise_email(rights_request.email)
        rights_request.save(update_fields=["email_key"])


def take_links_out_of_the_outbox(apps, schema_editor):
    """Stored verification mails held working links. Unconfirmed requests get a new nonce (the
    old links stop working); a mail not sent yet gets a placeholder the outbox fills in with the
    new link when sending; a sent one keeps its text without the token."""
    RightsRequest = apps.get_model("seloste_rights", "RightsRequest")
    OutboxMessage = apps.get_model("seloste_outbox", "OutboxMessage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for rights_request in RightsRequest.objects.filter(
        verified_at__isnull=True, anonymised_at__isnull=True
    ):
        rights_request.verification_nonce = secrets.token_urlsafe(24)
        rights_request.save(update_fields=["verification_nonce"])
    request_type = ContentType.objects.filter(
        app_label="seloste_rights", model="rightsrequest"
    ).first()
    if request_type is None:
        return
    for message in OutboxMessage.objects.filter(about_type=request_type, kind="verification"):
        if message.status in ("sent", "unconfirmed"):
            message.body = CONFIRM_LINK.sub(r"\1…\3", message.body)
        else:
            marker = f"sendtime{secrets.token_hex(16)}"
            message.body = CONFIRM_LINK.sub(lambda m: f"{m[1]}{marker}{m[3]}", message.body)
            message.send_time_values = {marker: "verification_token"}
        message.save(update_fields=["body", "send_time_values"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("seloste_outbox", "0002_exactly_once"),
        ("seloste_rights", "0002_tietosuoja_group"),
    ]

    operations = [
        # Handling a rights request is a legal obligation (GDPR Art. 6(1)(c), Art. 12), not
        # something the requester consents to.
        migrations.RemoveField(model_name="rightsrequest", name="consent_given"),
        migrations.AddField(
            model_name="rightsrequest",
            name="email_key",
            field=models.CharField(blank=True, editable=False, max_length=254, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="rightsrequest", name="seloste_rig_email_cea754_idx"),
        migrations.AddIndex(
            model_name="rightsrequest",
            index=models.Index(
                fields=["email_key", "request_type", "received_at"],
                name="seloste_rig_email_k_c7ef17_idx",
            ),
        ),
        migrations.AddField(
            model_name="rightsrequest",
            name="verification_nonce",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="rightsrequest",
            name="verification_mailed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(take_links_out_of_the_outbox, migrations.RunPython.noop),
        migrations.RemoveField(model_name="rightsrequest", name="verification_key_hash"),
        migrations.AddField(
            model_name="requestnote",
            name="verified_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="verified"),
        ),
    ]
