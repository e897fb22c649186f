"""Creating the draft notice page from an imported file; the import is never published."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from ..models import PrivacyNoticePage
from .builders import BuildContext, BuiltSection, build_body
from .headings import TITLE_RE, normalise_heading
from .reading import NoticeImportError, read_lines
from .splitting import (
    NOT_PLACED,
    SECTION,
    SUBHEADING,
    TABLE_HEADER,
    TITLE,
    TOC,
    Placement,
    paragraphs,
    split_sections,
)

# Blocks whose template has standard texts of the site, and the field that takes the notice's
# own words instead when the editor asks for the standard texts on import.
STANDARD_TEXT_FIELDS = {
    "rights": "intro",
    "right_to_object": "explanation",
    "consent_withdrawal": "explanation",
    "complaint": "explanation",
    "cookies": "intro",
    "change_policy": "text",
    "processors": "intro",
    "data_protection_officer": "note",
    "contact_person": "note",
}
# Blocks with standard texts and no field for the notice's words: those stay a text section.
STANDARD_TEXT_BLOCKS = {"recipients", "transfers", "automated_decisions"}


@dataclass
class ReportRow:
    """One heading-like line of the source, and where it went in the draft."""

    text: str
    how: str
    block_types: list[str] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    recognised: bool = False
    unanswered: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "how": self.how,
            "block_types": self.block_types,
            "block_ids": self.block_ids,
            "recognised": self.recognised,
            "unanswered": self.unanswered,
            "notes": self.notes,
        }


@dataclass
class ImportResult:
    page: PrivacyNoticePage
    total: int
    recognised: int
    unplaced: list[str]
    notes: list[str]
    rows: list[ReportRow] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def report(self) -> dict:
        """The import's report, as stored with the page's history and shown to the editor."""
        return {
            "total": self.total,
            "recognised": self.recognised,
            "unplaced": self.unplaced,
            "unanswered": self.unanswered,
            "skipped": self.skipped,
            "notes": self.notes,
            "rows": [row.as_dict() for row in self.rows],
        }


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


def plain_text(rich: str) -> str:
    """The rich text a builder wrote, as the plain text a TextBlock holds."""
    text = re.sub(r"</(p|li)>", "\n\n", rich)
    text = re.sub(r"<li>", "- ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def with_standard_texts(body: list[dict]) -> list[dict]:
    """The body as the site's standard presentation shows it: the notice's words move into
    the field each block has for them, or into a text section after a block that has none, so
    the standard texts, the cookie table and the default authority appear where they apply."""
    out: list[dict] = []
    for item in body:
        value = item["value"]
        wording = value.get("wording") or ""
        block_type = item["type"]
        if not wording or block_type == "text":
            out.append(item)
            continue
        field_name = STANDARD_TEXT_FIELDS.get(block_type)
        if field_name and not (value.get(field_name) or "").strip():
            value[field_name] = plain_text(wording)
            value["wording"] = ""
            out.append(item)
        elif block_type in STANDARD_TEXT_BLOCKS:
            heading = value.get("heading") or ""
            value["wording"] = ""
            value["heading"] = ""
            out.append(item)
            out.append({"type": "text", "value": {"heading": heading, "body": wording}})
        else:
            out.append(item)
    return out


def import_notice(
    data: bytes,
    filename: str,
    locale,
    parent=None,
    user=None,
    title: str | None = None,
    standard_texts: bool = False,
) -> ImportResult:
    """Read a notice file and save it as a draft PrivacyNoticePage under `parent`.

    Snippets (the controller's organisation, the contact person) are created only when `user`
    may add them; without a user (the command line) they are.
    """
    lines = read_lines(data, filename)
    split = split_sections(lines)
    preamble, sections = split.preamble, split.sections
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
    # The line in the document's title style (<h1>, Word's Title) first, then one that
    # reads like a title ("Tietosuojaseloste"), then the first line.
    titled = {placement.text for placement in split.placements if placement.how == TITLE}
    found = next((line for line in candidates if line in titled), None)
    found = found or next((line for line in candidates if TITLE_RE.search(line)), None)
    found = found or (candidates[0] if candidates else None)
    page_title = (title or "").strip() or found or _("Imported privacy notice")
    if found and not (title or "").strip():
        preamble = list(preamble)
        preamble.remove(found)
    intro_paras = paragraphs(preamble)
    context = BuildContext(locale=locale, user=user, standard_texts=standard_texts)
    with transaction.atomic():
        body, built = build_body(sections, context)
        if standard_texts:
            body = with_standard_texts(body)
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
    block_ids = [child.id for child in page.body]
    if standard_texts:
        # The text sections added after blocks shift the body; look the blocks up again.
        block_ids = _ids_by_type(page, built)
    rows = _report_rows(split.placements, built, block_ids)
    notes = [note for result in built for note in result.notes]
    if split.toc_skipped:
        notes.append(_("Skipped %(count)s table-of-contents lines.") % {"count": split.toc_skipped})
    return ImportResult(
        page=page,
        total=len(built),
        recognised=sum(1 for result in built if result.recognised),
        unplaced=[
            normalise_heading(r.text) or r.text
            for r in rows
            if r.how == NOT_PLACED or (r.how == SECTION and not r.recognised and not r.unanswered)
        ],
        notes=notes,
        rows=rows,
        unanswered=[r.section.heading for r in built if r.section.unanswered],
        skipped=[r.text for r in rows if r.how in (TOC, TABLE_HEADER)],
    )


def _ids_by_type(page, built: list[BuiltSection]) -> list[str]:
    """Block ids in the order `build_body` made them, skipping the added text sections."""
    children = list(page.body)
    ids: list[str] = []
    wanted = [t for result in built for t in result.block_types]
    index = 0
    for block_type in wanted:
        while index < len(children) and children[index].block_type != block_type:
            index += 1
        ids.append(children[index].id if index < len(children) else "")
        index += 1
    return ids


def _report_rows(
    placements: list[Placement], built: list[BuiltSection], block_ids: list[str]
) -> list[ReportRow]:
    rows: list[ReportRow] = []
    for placement in placements:
        row = ReportRow(placement.text, placement.how)
        if placement.section is not None and placement.how in (SECTION, SUBHEADING, NOT_PLACED):
            result = built[placement.section]
            start = result.first_block
            if placement.how == SECTION:
                row.block_types = result.block_types
                row.block_ids = block_ids[start : start + len(result.block_types)]
                row.recognised = result.recognised
                row.unanswered = result.section.unanswered
                row.notes = result.notes
            else:
                row.block_types = result.block_types[:1]
                row.block_ids = block_ids[start : start + 1]
                row.recognised = placement.how == SUBHEADING
        elif placement.how in (SECTION, SUBHEADING):
            row.how = TITLE
        rows.append(row)
    return rows
