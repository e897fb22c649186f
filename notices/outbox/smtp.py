"""Django's SMTP backend, telling the outbox where in the dialogue a failure happened.

SMTP cannot be exactly-once: between the end of the message (the final ".") and the server's
"250" the message may already be delivered while the sender still waits. A timeout before that
point means the server never accepted the message and it can be sent again; a timeout or a
dropped connection after it means nobody knows, and sending again may deliver a second copy.
This backend tells the two apart (`DeliveryUncertain`), calls `before_end_of_data` just before
the final "." leaves (the outbox records it, so a worker killed while waiting can be judged the
same way), waits longer for that last answer, as RFC 5321 4.5.3.2.6 asks, and bounds the whole
send, so that a claim older than the outbox's stale-claim time can only belong to a dead worker.

Settings: EMAIL_TIMEOUT for each step as usual; SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT (seconds,
default 120) for the answer to the message; SELOSTE_OUTBOX_SEND_SECONDS (default 300) for the
whole send.
"""

import smtplib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.mail.backends import smtp

DEFAULT_FINAL_REPLY_TIMEOUT = 120
DEFAULT_SEND_SECONDS = 300
END_OF_DATA = b"\r\n.\r\n"


class DeliveryUncertain(smtplib.SMTPServerDisconnected):
    """The whole message reached the server, but its answer never reached us."""


def send_seconds() -> float:
    return float(getattr(settings, "SELOSTE_OUTBOX_SEND_SECONDS", DEFAULT_SEND_SECONDS))


class _TrackedDialogue:
    """Mixed into smtplib's SMTP classes: per-step time limits and where the message is."""

    deadline: float | None = None
    final_reply_timeout: float = DEFAULT_FINAL_REPLY_TIMEOUT
    before_end_of_data: Callable[[], None] | None = None
    _in_data = False
    _end_of_data_sent = False

    def _limit(self, seconds: float | None) -> float | None:
        if self.deadline is None:
            return seconds
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise smtplib.SMTPServerDisconnected("The time allowed for sending ran out.")
        return left if seconds is None else min(seconds, left)

    def send(self, s) -> None:
        if self.sock is not None:
            self.sock.settimeout(self._limit(self.timeout))
        is_end = self._in_data and isinstance(s, bytes) and s.endswith(END_OF_DATA)
        if is_end and self.before_end_of_data is not None:
            self.before_end_of_data()
        super().send(s)
        if is_end:
            self._end_of_data_sent = True

    def getreply(self):
        if self.sock is not None:
            wait = self.final_reply_timeout if self._end_of_data_sent else self.timeout
            self.sock.settimeout(self._limit(wait))
        return super().getreply()

    def data(self, msg):
        self._in_data, self._end_of_data_sent = True, False
        try:
            return super().data(msg)
        except smtplib.SMTPServerDisconnected as error:
            if self._end_of_data_sent:
                raise DeliveryUncertain(
                    f"The mail server received the whole message but did not answer ({error})."
                ) from error
            raise
        finally:
            self._in_data, self._end_of_data_sent = False, False


class TrackedSMTP(_TrackedDialogue, smtplib.SMTP):
    pass


class TrackedSMTPSSL(_TrackedDialogue, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """Configured exactly like Django's (EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS …)."""

    before_end_of_data: Callable[[], None] | None = None

    @property
    def connection_class(self):
        return TrackedSMTPSSL if self.use_ssl else TrackedSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self.connection.deadline = time.monotonic() + send_seconds()
            self.connection.final_reply_timeout = float(
                getattr(settings, "SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT", DEFAULT_FINAL_REPLY_TIMEOUT)
            )
            self.connection.before_end_of_data = self._before_end_of_data
        return opened

    def _before_end_of_data(self) -> None:
        if self.before_end_of_data is not None:
            self.before_end_of_data()
