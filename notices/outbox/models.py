"""The outbox: every mail is a row first and is sent by a background task, so an SMTP outage
delays mail but never loses it (see `notices.outbox.mail` for queueing)."""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Automatic retries by the task; after that the message waits for `deliver_mail`.
MAX_AUTOMATIC_ATTEMPTS = 10
# A message claimed by a worker that died mid-send is free again after this long.
STALE_CLAIM = datetime.timedelta(minutes=15)


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes, at most an hour: quick after a blip, gentle during an outage."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, waiting for deliver_mail")


class OutboxMessageQuerySet(models.QuerySet):
    def unsent(self) -> "OutboxMessageQuerySet":
        """Everything not yet sent, including claims abandoned by a crashed worker."""
        stale = timezone.now() - STALE_CLAIM
        return self.filter(
            Q(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED])
            | Q(status=OutboxStatus.SENDING, claimed_at__lt=stale)
        )


class OutboxMessage(models.Model):
    """One mail to one recipient, kept until it is sent (and afterwards, as a record)."""

    kind = models.CharField(_("kind"), max_length=40)
    to_email = models.EmailField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    # Mail to a requester comes from a no-reply sender; an answer should reach a person.
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    # What the message is about (a rights request, a notice…), whichever app it belongs to.
    about_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_id = models.CharField(max_length=64, blank=True, db_index=True)
    about = GenericForeignKey("about_type", "about_id")

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["about_type", "about_id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    def claim(self) -> bool:
        """Take the message for sending; False if another worker has it or it was sent."""
        now = timezone.now()
        claimed = (
            OutboxMessage.objects.unsent()
            .filter(pk=self.pk)
            .update(status=OutboxStatus.SENDING, claimed_at=now)
        )
        return claimed == 1

    def deliver(self, *, automatic: bool = True) -> bool:
        """Try to send once; record the outcome. True when the message is sent."""
        if not self.claim():
            self.refresh_from_db()
            return self.status == OutboxStatus.SENT
        self.attempts += 1
        try:
            EmailMessage(
                subject=self.subject,
                body=self.body,
                from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
                to=[self.to_email],
                reply_to=[self.reply_to] if self.reply_to else None,
                # Tells auto-responders not to answer; RFC 3834.
                headers={"Auto-Submitted": "auto-generated"},
            ).send()
        except Exception as error:  # noqa: BLE001 - any backend failure must keep the message
            logger.warning("Mail %s to outbox recipient failed: %s", self.pk, error)
            self.last_error = f"{type(error).__name__}: {error}"[:2000]
            if automatic and self.attempts < MAX_AUTOMATIC_ATTEMPTS:
                self.status = OutboxStatus.PENDING
                self.next_attempt_at = timezone.now() + retry_delay(self.attempts)
            else:
                self.status = OutboxStatus.FAILED
                self.next_attempt_at = None
            self.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return False
        self.status = OutboxStatus.SENT
        self.sent_at = timezone.now()
        self.next_attempt_at = None
        self.last_error = ""
        self.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at", "last_error"])
        return True
