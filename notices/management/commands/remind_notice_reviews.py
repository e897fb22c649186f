"""`manage.py remind_notice_reviews`: mail the owner of every notice not reviewed for 12 months.

Meant for a daily cron job. A reminder is sent at most once every REMIND_EVERY days per notice
and is recorded in the page's history, so a rerun on the same day sends nothing twice.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from notices.checks import REVIEW_INTERVAL, last_reviewed
from notices.models import PrivacyNoticePage
from notices.outbox.mail import queue_mail

REMIND_EVERY = timedelta(days=30)
ACTION = "notices.review_reminder"


class Command(BaseCommand):
    help = (
        "Remind the owner (or else the contact person) of each live privacy notice that has "
        "not been reviewed for 12 months. Mail goes through the outbox; run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        sent = 0
        for page in PrivacyNoticePage.objects.live().select_related("owner", "locale"):
            reviewed = last_reviewed(page)
            if reviewed is None or today - reviewed <= REVIEW_INTERVAL:
                continue
            if self.recently_reminded(page, since=reviewed):
                continue
            recipient = self.recipient(page)
            if not recipient:
                self.stderr.write(
                    self.style.WARNING(f"{page.title} (page id {page.pk}): nobody to remind.")
                )
                continue
            self.stdout.write(f"{page.title} (page id {page.pk}): reminding {recipient}")
            if dry_run:
                continue
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            queue_mail(
                kind="notice_review",
                to=recipient,
                template="notices/mail/review_reminder",
                context={
                    "page": page,
                    "reviewed": reviewed,
                    "edit_url": base + reverse("wagtailadmin_pages:edit", args=[page.pk]),
                },
                language=page.locale.language_code,
                about=page,
            )
            log(instance=page, action=ACTION, data={"to": recipient, "reviewed": str(reviewed)})
            sent += 1
        self.stdout.write(self.style.SUCCESS(f"{sent} review reminder(s) queued."))

    def recently_reminded(self, page: PrivacyNoticePage, since) -> bool:
        after = max(
            timezone.now() - REMIND_EVERY,
            timezone.make_aware(datetime.combine(since, time.min)),
        )
        return PageLogEntry.objects.filter(page=page, action=ACTION, timestamp__gte=after).exists()

    def recipient(self, page: PrivacyNoticePage) -> str:
        if page.owner_id and page.owner.email and page.owner.is_active:
            return page.owner.email
        person = page.contact_person
        return person.email if person else ""
