"""Remove Seloste's content from a site before its tables go (`migrate <label> zero`)."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...setup import forget_app_records
from .prepare_seloste import seloste_apps


class Command(BaseCommand):
    help = (
        "Delete what Seloste put into this site outside its own tables: the privacy notice and "
        "rights request pages with their revisions and history, the cookie groups and the "
        "group Seloste created (a site's own are kept), the permissions it granted, and its "
        "content types and permissions. Then run `migrate <label> zero` for each Seloste app "
        "and remove the apps from INSTALLED_APPS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options) -> None:
        configs = seloste_apps(reverse=True)
        if options["interactive"]:
            answer = input(
                "This deletes every privacy notice and rights request page, and all that "
                "Seloste installed. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was deleted.")

        def report(line: str) -> None:
            if options["verbosity"]:
                self.stdout.write(f"  {line}")

        with transaction.atomic():
            for config in configs:
                if options["verbosity"]:
                    self.stdout.write(f"{config.label}:")
                if hasattr(config, "seloste_uninstall"):
                    config.seloste_uninstall(report)
                forget_app_records(config.label, report)
            labels = [config.label for config in configs]
            permissions = Permission.objects.filter(content_type__app_label__in=labels)
            report(f"Deleted {permissions.count()} permission(s) of Seloste's models.")
            permissions.delete()
            content_types = ContentType.objects.filter(app_label__in=labels)
            report(f"Deleted {content_types.count()} content type(s) of Seloste's models.")
            content_types.delete()
            ContentType.objects.clear_cache()
        if options["verbosity"]:
            labels_text = " ".join(labels)
            self.stdout.write(
                self.style.SUCCESS(
                    "Seloste's content is removed. Next, for each of "
                    f"{labels_text}: python manage.py migrate <label> zero"
                )
            )
