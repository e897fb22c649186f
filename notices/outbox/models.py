"""The outbox: every mail is a row first and is sent by a background task, so an SMTP outage
delays mail but never loses it (see `notices.outbox.mail` for queueing).

Each message is sent as close to exactly once as SMTP allows: it carries the same Message-ID
on every attempt, so a second copy is recognisable (and dropped by many mail systems); it is
sent again only when it is known not to have reached the server, and a message whose server
fell silent after receiving it, or whose worker died waiting, is held as "unconfirmed" for
`deliver_mail` to report instead of being sent twice.
"""

import datetime
import logging
import uuid
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.utils import DNS_NAME
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .smtp import DeliveryUncertain

logger = logging.getLogger(__name__)

# Automatic retries by the task; after that the message waits for `deliver_mail`.
MAX_AUTOMATIC_ATTEMPTS = 10
# A claim older than this belongs to a worker that died: a send never takes longer
# (SELOSTE_OUTBOX_SEND_SECONDS bounds it, see smtp.py). SELOSTE_OUTBOX_STALE_CLAIM_SECONDS.
DEFAULT_STALE_CLAIM_SECONDS = 15 * 60


def stale_claim() -> datetime.timedelta:
    seconds = getattr(settings, "SELOSTE_OUTBOX_STALE_CLAIM_SECONDS", DEFAULT_STALE_CLAIM_SECONDS)
    return datetime.timedelta(seconds=seconds)


def new_message_id() -> str:
    """A Message-ID of the sender's domain, unique to this message and kept for every attempt."""
    address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1]
    try:
        domain = Address(addr_spec=address).domain if address else ""
    except (ValueError, IndexError):
        domain = ""
    return f"<{uuid.uuid4().hex}.outbox@{domain or DNS_NAME}>"


def mail_connection():
    """The configured mail backend; Django's own SMTP backend becomes the outbox's subclass,
    configured the same, which knows whether a failed send reached the server."""
    connection = get_connection()
    if type(connection) is DjangoSMTPBackend:
        connection = get_connection("notices.outbox.smtp.EmailBackend")
    return connection


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes, at most an hour: quick after a blip, gentle during an outage."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, waiting for deliver_mail")
    UNCONFIRMED = "unconfirmed", _("Handed to the mail server, delivery not confirmed")


class OutboxMessageQuerySet(models.QuerySet):
    def unsent(self) -> "OutboxMessageQuerySet":
        """Everything that may be sent now: never handed over, or refused by the server."""
        return self.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED])

    def stale_claims(self) -> "OutboxMessageQuerySet":
        """Claimed by a worker longer ago than any send takes: that worker has died."""
        return self.filter(
            status=OutboxStatus.SENDING, claimed_at__lt=timezone.now() - stale_claim()
        )

    def being_sent(self) -> "OutboxMessageQuerySet":
        return self.filter(
            status=OutboxStatus.SENDING, claimed_at__gte=timezone.now() - stale_claim()
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
    # Placeholders in subject and body filled in only while sending, by what the message is
    # about (`about.send_time_value(name)`): a secret such as a link's token is never stored.
    send_time_values = models.JSONField(default=dict, blank=True, editable=False)
    # The same on every attempt, so a copy delivered twice is recognisable as one message.
    message_id = models.CharField(
        _("Message-ID"), max_length=255, unique=True, default=new_message_id, editable=False
    )
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
        max_length=12,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Written just before the end of the message leaves for the server: from then on, until the
    # server's answer, nobody can know whether it was delivered.
    handed_over_at = models.DateTimeField(null=True, blank=True, editable=False)
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

    def claim(self, *, statuses=(OutboxStatus.PENDING, OutboxStatus.FAILED)) -> bool:
        """Take the message for sending; False if another worker has it or it was sent."""
        claimed = OutboxMessage.objects.filter(pk=self.pk, status__in=statuses).update(
            status=OutboxStatus.SENDING, claimed_at=timezone.now(), handed_over_at=None
        )
        return claimed == 1

    def filled_in(self) -> tuple[str, str]:
        """Subject and body with the send-time values in place. LookupError if they cannot be."""
        subject, body = self.subject, self.body
        if self.send_time_values:
            about = self.about
            if about is None or not hasattr(about, "send_time_value"):
                raise LookupError("What this mail is about is gone; its link cannot be made.")
            for marker, name in self.send_time_values.items():
                value = about.send_time_value(name)
                subject, body = subject.replace(marker, value), body.replace(marker, value)
        return subject, body

    def _record_handover(self) -> None:
        # Committed at once (no transaction is open while sending), so that if this worker is
        # killed while the server holds the message, the recovery knows not to send it again.
        self.handed_over_at = timezone.now()
        OutboxMessage.objects.filter(pk=self.pk).update(handed_over_at=self.handed_over_at)

    def deliver(self, *, automatic: bool = True, resend_unconfirmed: bool = False) -> bool:
        """Try to send once; record the outcome. True when the message is sent."""
        statuses = (OutboxStatus.PENDING, OutboxStatus.FAILED)
        if resend_unconfirmed:
            statuses = (OutboxStatus.UNCONFIRMED,)
        if not self.claim(statuses=statuses):
            self.refresh_from_db()
            return self.status == OutboxStatus.SENT
        self.attempts += 1
        try:
            subject, body = self.filled_in()
        except LookupError as error:
            return self._failed(error, retry=False)
        connection = mail_connection()
        if hasattr(connection, "before_end_of_data"):
            connection.before_end_of_data = self._record_handover
        else:
            # A backend that cannot say how far it got: count the message as handed over
            # from the start, so a worker that dies mid-send never causes a second copy.
            self._record_handover()
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=self.from_email or settings.DEFAULT_FROM_EMAIL,
            to=[self.to_email],
            reply_to=[self.reply_to] if self.reply_to else None,
            # Auto-Submitted tells auto-responders not to answer; RFC 3834.
            headers={"Message-ID": self.message_id, "Auto-Submitted": "auto-generated"},
            connection=connection,
        )
        try:
            message.send()
        except DeliveryUncertain as error:
            logger.warning("Mail %s: delivery not confirmed: %s", self.pk, error)
            self.status = OutboxStatus.UNCONFIRMED
            self.next_attempt_at = None
            self.last_error = str(error)[:2000]
            self.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return False
        except Exception as error:  # noqa: BLE001 - any backend failure must keep the message
            return self._failed(error, retry=automatic)
        self.status = OutboxStatus.SENT
        self.sent_at = timezone.now()
        self.next_attempt_at = None
        self.last_error = ""
        self.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at", "last_error"])
        return True

    def _failed(self, error: Exception, *, retry: bool) -> bool:
        """The server refused or was never reached: the message can safely be sent again."""
        logger.warning("Mail %s to outbox recipient failed: %s", self.pk, error)
        self.last_error = f"{type(error).__name__}: {error}"[:2000]
        self.handed_over_at = None
        if retry and self.attempts < MAX_AUTOMATIC_ATTEMPTS:
            self.status = OutboxStatus.PENDING
            self.next_attempt_at = timezone.now() + retry_delay(self.attempts)
        else:
            self.status = OutboxStatus.FAILED
            self.next_attempt_at = None
        self.save(
            update_fields=["status", "attempts", "last_error", "next_attempt_at", "handed_over_at"]
        )
        return False

    def accept_unconfirmed(self) -> bool:
        """An operator found the message in the mail server's log: record it as sent."""
        now = timezone.now()
        return bool(
            OutboxMessage.objects.filter(pk=self.pk, status=OutboxStatus.UNCONFIRMED).update(
                status=OutboxStatus.SENT, sent_at=now, last_error=""
            )
        )
