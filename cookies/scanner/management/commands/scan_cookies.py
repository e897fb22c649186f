"""`manage.py scan_cookies --url BASE_URL`: the cookie scan, for cron and CI."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cookies.scanner import conf
from cookies.scanner.models import CookieScan
from cookies.scanner.pages import origin_of
from cookies.scanner.report import text_report, verdict_lines
from cookies.scanner.run import BrowserUnavailable, SiteMovedAway, SiteUnreachable, run_scan


class Command(BaseCommand):
    help = (
        "Visit the site in a headless Chromium as four visitors (has not chosen, rejects all, "
        "accepts all, sends Global Privacy Control), record every cookie, storage key and "
        "request to another host, and compare them with the cookie declarations. Exits 0 when "
        "clean, 1 when anything is undeclared, optional before consent or longer-lived than "
        "declared (each named), 2 when no browser is available."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            required=True,
            help="The site's address, e.g. https://www.example.fi. Only this host is visited.",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=conf.page_limit(),
            help="How many pages of the page tree to visit (default: %(default)s). The cookie "
            "settings page and the pages with forms are visited as well.",
        )
        parser.add_argument(
            "--time-budget",
            type=float,
            default=conf.time_budget(),
            help="Stop visiting pages after this many seconds (default: %(default)s).",
        )
        parser.add_argument(
            "--json",
            dest="json_file",
            help="Write the result for machines to this file ('-' for standard output).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the report (default: %(default)s).",
        )

    def handle(self, *args, url, limit, time_budget, json_file, language, **options):
        try:
            origin = origin_of(url)
        except ValueError as error:
            raise CommandError(f"--url must be an http(s) address, not {url!r}.") from error
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        record = CookieScan.objects.create(
            base_url=origin, source=CookieScan.Source.COMMAND, page_limit=limit
        )
        with translation.override(language):
            try:
                result = run_scan(record, time_budget=time_budget)
            except BrowserUnavailable as error:
                self.stderr.write(self.style.ERROR(str(error)))
                raise SystemExit(2) from error
            except SiteMovedAway as error:
                raise CommandError(str(error)) from error
            except SiteUnreachable as error:
                raise CommandError(f"{origin} did not answer: {error}") from error
            data = result.to_dict()
            # With `--json -` the result is standard output's, and the report goes beside it.
            report = self.stderr if json_file == "-" else self.stdout
            if json_file:
                self.write_json(data, json_file)
            for line in text_report(data):
                report.write(line)
            report.write("")
            # Problems on standard error too: cron mails them, and only them.
            verdict = verdict_lines(data)
            if result.exit_code:
                self.stderr.write(self.style.ERROR(verdict[0]))
                for line in verdict[1:]:
                    self.stderr.write(line)
            else:
                report.write(self.style.SUCCESS(verdict[0]))
        if result.exit_code:
            raise SystemExit(result.exit_code)

    def write_json(self, data: dict, json_file: str) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if json_file == "-":
            self.stdout.write(text)
        else:
            Path(json_file).write_text(text + "\n", encoding="utf-8")
