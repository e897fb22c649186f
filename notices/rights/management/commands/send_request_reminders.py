from django.core.management.base import BaseCommand

from notices.rights.flow import send_reminders


class Command(BaseCommand):
    help = (
        "Remind contact persons of open rights requests 7 days before their deadline and on it. "
        "Each reminder is sent once; run daily from cron."
    )

    def handle(self, *args, **options) -> None:
        count = send_reminders()
        self.stdout.write(self.style.SUCCESS(f"Queued reminders for {count} request(s)."))
