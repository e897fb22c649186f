from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from wagtail.models import Site

from cookies.models import ConsentRecord, ConsentSettings


class Command(BaseCommand):
    help = (
        "Delete proof-of-consent records older than the retention period set in the admin "
        "(Settings → Cookie consent), or older than --days. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the site setting.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, days: int | None = None, dry_run: bool = False, **options) -> None:
        if days is None:
            site = Site.objects.filter(is_default_site=True).first()
            days = ConsentSettings.for_site(site).record_retention_days if site else None
        if days is None or days < 1:
            raise CommandError("Give a retention of at least one day (--days).")
        cutoff = timezone.now() - timedelta(days=days)
        old = ConsentRecord.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} consent records older than {days} days.")
            return
        deleted, __ = old.delete()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} consent records older than {days} days.")
        )
