"""Queueing mail: render it, store it in the outbox and enqueue its delivery, in one transaction.

`queue_mail()` stores a message and enqueues `notices.outbox.tasks.deliver_outbox_message` on
the django-tasks backend. A failed send is recorded and retried later with a growing delay;
`manage.py deliver_mail` sends everything still pending at once and reports what waits.

A value that must never be stored (a link that confirms something) goes into the template as a
placeholder from `SendTimeValues`; the outbox asks what the message is about for the real value
(`about.send_time_value(name)`) only while sending.
"""

import secrets
from dataclasses import dataclass, field

from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboxMessage, OutboxStatus
from .recovery import Recovery, recover_dead_workers
from .tasks import deliver_outbox_message


class SendTimeValues:
    """Placeholders for values filled in as the mail is sent, never stored with it."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def placeholder(self, name: str) -> str:
        # Random, so text a visitor typed into the same mail can never be taken for one; letters
        # and digits only, so it can stand in a URL path.
        marker = f"sendtime{secrets.token_hex(16)}"
        self.names[marker] = name
        return marker

    def used_in(self, *texts: str) -> dict[str, str]:
        return {m: n for m, n in self.names.items() if any(m in text for text in texts)}


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
    send_time_values: SendTimeValues | None = None,
) -> OutboxMessage:
    """Store a mail and enqueue its delivery in the same transaction, so neither is lost."""
    subject, body = render_mail(template, context, language)
    placeholders = send_time_values.used_in(subject, body) if send_time_values else {}
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            kind=kind,
            to_email=to,
            subject=subject,
            body=body,
            send_time_values=placeholders,
            reply_to=reply_to,
            about=about,
        )
        deliver_outbox_message.enqueue(message.pk)
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    recovery: Recovery = field(default_factory=Recovery)
    unconfirmed: list[OutboxMessage] = field(default_factory=list)
    being_sent: list[OutboxMessage] = field(default_factory=list)


def deliver_pending(*, resend_unconfirmed: bool = False) -> DeliveryReport:
    """Send every unsent message now, whatever its retry schedule, after freeing what dead
    workers left behind; with `resend_unconfirmed`, unconfirmed messages are sent again too
    (with the same Message-ID)."""
    report = DeliveryReport(recovery=recover_dead_workers())
    statuses = [OutboxStatus.PENDING, OutboxStatus.FAILED]
    if resend_unconfirmed:
        statuses.append(OutboxStatus.UNCONFIRMED)
    for message in OutboxMessage.objects.filter(status__in=statuses).order_by("created_at", "pk"):
        again = message.status == OutboxStatus.UNCONFIRMED
        if message.deliver(automatic=False, resend_unconfirmed=again):
            report.sent += 1
        else:
            report.failed += message.status == OutboxStatus.FAILED
    report.unconfirmed = list(OutboxMessage.objects.filter(status=OutboxStatus.UNCONFIRMED))
    report.being_sent = list(OutboxMessage.objects.being_sent())
    return report
