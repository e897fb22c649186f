"""Queueing mail: render it, store it in the outbox and enqueue its delivery, in one transaction.

`queue_mail()` stores a message and enqueues `notices.outbox.tasks.deliver_outbox_message` on
the django-tasks backend. A failed send is recorded and retried later with a growing delay;
`manage.py deliver_mail` sends everything still pending at once.
"""

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboxMessage
from .tasks import deliver_outbox_message


def render_mail(template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and plain-text body in the given language, from `<template>_subject.txt` and
    `<template>.txt` (a template path without its extension, such as "notices/mail/x").

    Plain text only: what a requester typed can never become markup in anyone's mail client.
    """
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    # A subject is one line; this also makes header injection through it impossible.
    subject = " ".join(subject.split())[:250]
    return subject, body


def queue_mail(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict,
    language: str,
    about: models.Model | None = None,
    reply_to: str = "",
) -> OutboxMessage:
    """Store a mail and enqueue its delivery in the same transaction, so neither is lost."""
    subject, body = render_mail(template, context, language)
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            kind=kind,
            to_email=to,
            subject=subject,
            body=body,
            reply_to=reply_to,
            about=about,
        )
        deliver_outbox_message.enqueue(message.pk)
    return message


def deliver_pending() -> tuple[int, int]:
    """Send every unsent message now, whatever its retry schedule. Returns (sent, failed)."""
    sent = failed = 0
    for message in OutboxMessage.objects.unsent().order_by("created_at", "pk"):
        if message.deliver(automatic=False):
            sent += 1
        else:
            failed += 1
    return sent, failed
