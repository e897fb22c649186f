from django.core.management.base import BaseCommand, CommandError

from notices.outbox.mail import deliver_pending


class Command(BaseCommand):
    help = (
        "Send every pending or failed message in the outbox now, whatever its retry schedule. "
        "Exits non-zero if some still fail (for cron and monitoring)."
    )

    def handle(self, *args, **options) -> None:
        sent, failed = deliver_pending()
        if failed:
            raise CommandError(f"Sent {sent} message(s); {failed} still failed and are kept.")
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} message(s); nothing left to send."))
