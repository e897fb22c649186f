import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from notices.rights.deadlines import add_months
from notices.rights.flow import purge_closed
from notices.rights.limits import prune_rate_limit_events
from notices.rights.models import RightsRequestSettings


class Command(BaseCommand):
    help = (
        "Remove the personal data of rights requests closed longer than the retention period "
        "(site setting, default 36 months), keeping an anonymous record of each. Run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention in months; defaults to the default site's setting.",
        )

    def handle(self, *args, months: int | None = None, **options) -> None:
        if months is None:
            site = Site.objects.filter(is_default_site=True).first()
            months = RightsRequestSettings.for_site(site).retention_months if site else 36
        if months < 0:
            raise CommandError("--months must be zero or more.")
        now = timezone.now()
        cutoff = timezone.make_aware(
            datetime.datetime.combine(add_months(now.date(), -months), datetime.time.min)
        )
        purged = purge_closed(cutoff)
        # Rate-limit counts are only needed for an hour or so; a day is plenty.
        prune_rate_limit_events(now - datetime.timedelta(days=1))
        self.stdout.write(
            self.style.SUCCESS(f"Removed personal data from {purged} closed request(s).")
        )
