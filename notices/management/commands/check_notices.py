"""`manage.py check_notices`: the completeness check for every live notice, for cron or CI."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from notices.checks import check_notice
from notices.models import PrivacyNoticePage


class Command(BaseCommand):
    help = (
        "Check live privacy notices for the items GDPR Articles 13 and 14 require, and for "
        "outdated content. Prints the findings; exits with status 1 when a required item is "
        "missing. With --page, checks that page's latest draft."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--page",
            type=int,
            dest="page_id",
            help="Check only this page (its latest revision, drafts included).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the messages (default: %(default)s).",
        )

    def handle(self, *args, page_id=None, language=None, **options):
        with translation.override(language):
            pages = self.pages(page_id)
            missing = 0
            for page in pages:
                missing += self.report(page)
        if not pages:
            self.stdout.write("No live privacy notices to check.")
        if missing:
            self.stderr.write(
                self.style.ERROR(f"{missing} required item(s) missing in {len(pages)} notice(s).")
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"{len(pages)} notice(s) checked."))

    def pages(self, page_id: int | None) -> list[PrivacyNoticePage]:
        if page_id is None:
            return list(PrivacyNoticePage.objects.live().order_by("path"))
        page = PrivacyNoticePage.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(f"No privacy notice with id {page_id}.")
        return [page.get_latest_revision_as_object()]

    def report(self, page: PrivacyNoticePage) -> int:
        """Print one notice's findings; return how many required items it misses."""
        findings = check_notice(page)
        label = f"{page.title} (page id {page.pk}, {page.locale.language_code})"
        if not findings:
            self.stdout.write(self.style.SUCCESS(f"OK     {label}"))
            return 0
        errors = [f for f in findings if f.is_error]
        status = self.style.ERROR("FAIL  ") if errors else self.style.WARNING("WARN  ")
        self.stdout.write(f"{status} {label}")
        for finding in findings:
            kind = "error  " if finding.is_error else "warning"
            self.stdout.write(f"  {kind} Art. {finding.article}: {finding.message}")
        return len(errors)
