"""Creating the draft notice page from an imported file; the import is never published."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ..models import PrivacyNoticePage
from .builders import build_body
from .headings import TITLE_RE
from .reading import NoticeImportError, read_lines
from .splitting import paragraphs, split_sections


@dataclass
class ImportResult:
    page: PrivacyNoticePage
    total: int
    recognised: int
    unplaced: list[str]
    notes: list[str]


def default_parent(locale) -> Page | None:
    """The site's home page in the notice's language, else the home page itself."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(locale) or Page.objects.get(pk=root.pk)


def unique_slug(parent, title: str) -> str:
    base = slugify(title)[:60] or "tietosuojaseloste"
    slug, n = base, 1
    while parent.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def import_notice(
    data: bytes, filename: str, locale, parent=None, user=None, title: str | None = None
) -> ImportResult:
    """Read a notice file and save it as a draft PrivacyNoticePage under `parent`."""
    lines = read_lines(data, filename)
    preamble, sections, toc_skipped = split_sections(lines)
    if not sections:
        raise NoticeImportError(
            _(
                "No section headings were recognised, so nothing could be placed. Check that the "
                "file is a privacy notice with headings such as 'Rekisterinpitäjä'."
            )
        )
    parent = parent or default_parent(locale)
    if parent is None:
        raise NoticeImportError(_("There is no page to put the notice under; give a parent page."))
    parent = parent.specific
    if not PrivacyNoticePage.can_create_at(parent):
        raise NoticeImportError(
            _("A privacy notice cannot be created under “%(title)s”.") % {"title": parent.title}
        )
    candidates = [line.strip() for line in preamble if 0 < len(line.strip()) <= 120]
    found = next((line for line in candidates if TITLE_RE.search(line)), None)
    found = found or (candidates[0] if candidates else None)
    page_title = (title or "").strip() or found or _("Imported privacy notice")
    if found and not (title or "").strip():
        preamble = list(preamble)
        preamble.remove(found)
    intro_paras = paragraphs(preamble)
    with transaction.atomic():
        body, notes = build_body(sections, locale)
        page = PrivacyNoticePage(
            title=page_title[:255],
            slug=unique_slug(parent, page_title),
            intro="\n\n".join(intro_paras),
            body=body,
            live=False,
            locale=locale,
        )
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    unplaced = [s.heading for s in sections if s.kind is None]
    if toc_skipped:
        notes.append(_("Skipped %(count)s table-of-contents lines.") % {"count": toc_skipped})
    return ImportResult(
        page=page,
        total=len(sections),
        recognised=len(sections) - len(unplaced),
        unplaced=unplaced,
        notes=notes,
    )
