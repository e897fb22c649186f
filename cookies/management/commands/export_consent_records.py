import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cookies.evidence import FORMATS


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date like 2026-01-31.") from error


class Command(BaseCommand):
    help = (
        "Write the consent records of a period (days in the site's time zone, both included) "
        "as CSV or JSON to standard output, for an auditor. The same export as the admin's "
        "Cookie consent → Export consent records; it streams, so any period fits in memory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="First day, 2026-01-01.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, 2026-12-31.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")

    def handle(self, *args, start: str, end: str, format: str, **options) -> None:
        first, last = day(start), day(end)
        if first > last:
            raise CommandError("The period ends before it starts.")
        write, __ = FORMATS[format]
        for chunk in write(first, last):
            self.stdout.write(chunk, ending="")
