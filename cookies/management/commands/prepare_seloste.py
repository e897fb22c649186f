"""Prepare Seloste in a site: what `migrate` deliberately leaves to a command that says it."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def seloste_apps(reverse: bool = False) -> list:
    """The installed Seloste apps, in the order they are prepared (or removed, `reverse`)."""
    configs = [c for c in apps.get_app_configs() if hasattr(c, "seloste_order")]
    return sorted(configs, key=lambda c: c.seloste_order, reverse=reverse)


class Command(BaseCommand):
    help = (
        "Install Seloste's defaults in this site, printing each step: the default cookie groups "
        "and their declarations, the supervisory authority, the privacy team's group and the "
        "permissions given to Wagtail's Editors and Moderators groups. Run it after migrate; "
        "running it again changes nothing that is there."
    )

    def handle(self, *args, **options) -> None:
        def report(line: str) -> None:
            if options["verbosity"]:
                self.stdout.write(f"  {line}")

        with transaction.atomic():
            for config in seloste_apps():
                if hasattr(config, "seloste_prepare"):
                    if options["verbosity"]:
                        self.stdout.write(f"{config.label}:")
                    config.seloste_prepare(report)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS("Seloste is prepared."))
