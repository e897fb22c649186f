from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notices.outbox.mail import deliver_pending
from notices.outbox.models import OutboxMessage, OutboxStatus


class Command(BaseCommand):
    help = (
        "Send every pending or failed message in the outbox now, whatever its retry schedule, "
        "after freeing what task workers that died left behind; report what is being sent and "
        "what is unconfirmed. Exits non-zero if some still fail or are unconfirmed (for cron "
        "and monitoring)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--resend-unconfirmed",
            action="store_true",
            help=(
                "Also send the unconfirmed messages again (with the same Message-ID): the mail "
                "server's log shows they never arrived."
            ),
        )
        parser.add_argument(
            "--accept-unconfirmed",
            nargs="*",
            type=int,
            metavar="ID",
            help=(
                "Record these unconfirmed messages (all of them without IDs) as sent: the mail "
                "server's log shows they arrived."
            ),
        )

    def handle(self, *args, resend_unconfirmed: bool, accept_unconfirmed, **options) -> None:
        if accept_unconfirmed is not None:
            unconfirmed = OutboxMessage.objects.filter(status=OutboxStatus.UNCONFIRMED)
            if accept_unconfirmed:
                unconfirmed = unconfirmed.filter(pk__in=accept_unconfirmed)
            accepted = sum(message.accept_unconfirmed() for message in unconfirmed)
            self.stdout.write(f"Recorded {accepted} unconfirmed message(s) as sent.")

        report = deliver_pending(resend_unconfirmed=resend_unconfirmed)
        recovery = report.recovery
        if recovery:
            self.stdout.write(
                f"Left behind by task workers that stopped: {len(recovery.requeued)} message(s) "
                f"queued again (they never reached the mail server), {len(recovery.held)} held "
                f"as unconfirmed, {recovery.dead_tasks} task row(s) marked failed."
            )
        now = timezone.now()
        for message in report.being_sent:
            seconds = int((now - message.claimed_at).total_seconds())
            self.stdout.write(
                f"Message {message.pk} ({message.kind}) is being sent by a task worker "
                f"(claimed {seconds} s ago)."
            )
        if report.unconfirmed:
            self.stdout.write(
                f"{len(report.unconfirmed)} message(s) unconfirmed: the mail server received "
                "them but its answer never came, so they may have been delivered. Look for "
                "their Message-ID in the mail server's log, then run deliver_mail "
                "--accept-unconfirmed ID … for those that arrived, or --resend-unconfirmed "
                "(a second copy carries the same Message-ID)."
            )
            for message in report.unconfirmed:
                self.stdout.write(
                    f"  {message.pk} {message.kind} {message.message_id} "
                    f"created {timezone.localtime(message.created_at):%Y-%m-%d %H:%M}"
                )

        summary = f"Sent {report.sent} message(s)"
        if report.failed or report.unconfirmed:
            problems = []
            if report.failed:
                problems.append(f"{report.failed} still failed and are kept")
            if report.unconfirmed:
                problems.append(f"{len(report.unconfirmed)} unconfirmed")
            raise CommandError(f"{summary}; {', '.join(problems)}.")
        if report.being_sent:
            self.stdout.write(self.style.SUCCESS(f"{summary}; the rest is being sent."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary}; nothing left to send."))
