from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from wagtail.models import Site

from cookies.limits import prune_rate_events
from cookies.models import ConsentRecord, ConsentSettings


class Command(BaseCommand):
    help = (
        "Delete proof-of-consent records older than the retention period set in the admin "
        "(Settings → Cookie consent), or older than --days, but never younger than the "
        "consent lifetime plus the renewal period. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the site setting (no fewer than the minimum).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, days: int | None = None, dry_run: bool = False, **options) -> None:
        # The strictest site decides: one table holds every site's proof.
        settings = [ConsentSettings.for_site(site) for site in Site.objects.all()]
        minimum = max((s.minimum_retention_days() for s in settings), default=0)
        if days is None:
            days = max((s.effective_retention_days() for s in settings), default=None)
        if days is None or days < 1:
            raise CommandError("Give a retention of at least one day (--days).")
        if days < minimum:
            raise CommandError(
                f"Keep the records at least {minimum} days: the consent lifetime plus the "
                "renewal period. Shorter, and proof of consents still in force would be deleted."
            )
        cutoff = timezone.now() - timedelta(days=days)
        old = ConsentRecord.objects.filter(created_at__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} consent records older than {days} days.")
            return
        deleted, __ = old.delete()
        prune_rate_events()
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} consent records older than {days} days.")
        )
