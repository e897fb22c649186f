"""`manage.py import_notice FILE --locale fi`: a draft notice from a text, HTML or DOCX file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from wagtail.models import Locale, Page

from notices.importer import MAX_FILE_BYTES, NoticeImportError, import_notice
from notices.importer.report import describe_row


class Command(BaseCommand):
    help = (
        "Import an existing privacy notice (.txt, .html or .docx) as a draft notice page. "
        "Sections are recognised by their headings in Finnish, Swedish or English; what cannot "
        "be placed in a typed section is kept as a text section."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The notice to import: .txt, .html or .docx.")
        parser.add_argument(
            "--locale", default="fi", help="Language of the notice (default: %(default)s)."
        )
        parser.add_argument(
            "--parent",
            type=int,
            help="Id of the page to put the notice under (default: the site's home page).",
        )
        parser.add_argument("--title", help="Title of the new page (default: from the file).")
        parser.add_argument(
            "--standard-texts",
            action="store_true",
            help="Show the site's standard texts, cookie table and default authority in the "
            "imported sections (default: only what the file says).",
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            help="Language of the messages (default: %(default)s).",
        )

    def handle(
        self,
        *args,
        file,
        locale,
        parent=None,
        title=None,
        language=None,
        standard_texts=False,
        **options,
    ):
        locale_obj = Locale.objects.filter(language_code=locale).first()
        if locale_obj is None:
            codes = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise CommandError(f"Unknown locale {locale!r}; available: {codes}.")
        parent_page = None
        if parent is not None:
            parent_page = Page.objects.filter(pk=parent).first()
            if parent_page is None:
                raise CommandError(f"No page with id {parent}.")
        path = Path(file)
        try:
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(
                    f"The file is too large; a notice should be under "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        with translation.override(language):
            try:
                result = import_notice(
                    data,
                    path.name,
                    locale_obj,
                    parent=parent_page,
                    title=title,
                    standard_texts=standard_texts,
                )
            except NoticeImportError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                self.style.SUCCESS(f"Created a draft notice: page id {result.page.pk}")
            )
            self.stdout.write(f"recognised {result.recognised} of {result.total} sections")
            for row in result.rows:
                self.stdout.write(f"  {describe_row(row)}")
            for heading in result.unplaced:
                self.stdout.write(f"  not placed, kept as text: {heading}")
            for heading in result.unanswered:
                self.stdout.write(f"  unanswered in the file: {heading}")
            for note in result.notes:
                self.stdout.write(f"  {note}")
            self.stdout.write(
                "Check what the notice still lacks: "
                f"python manage.py check_notices --page {result.page.pk}"
            )
