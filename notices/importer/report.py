"""The import report in words: where each heading of the source went in the draft."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..blocks import NoticeBodyBlock
from .splitting import NOT_PLACED, SECTION, SUBHEADING, TABLE_HEADER, TITLE, TOC


def block_label(block_type: str) -> str:
    child = NoticeBodyBlock.base_blocks.get(block_type)
    return str(child.meta.label) if child is not None else block_type


def placement_words(row) -> str:
    """How one heading-like line was placed, for the person importing."""
    how = row["how"] if isinstance(row, dict) else row.how
    types = row["block_types"] if isinstance(row, dict) else row.block_types
    unanswered = row["unanswered"] if isinstance(row, dict) else row.unanswered
    labels = ", ".join(block_label(t) for t in types)
    if how == SECTION and unanswered:
        return _("a section with no answer in the file: kept empty, to be filled in")
    if how == SECTION:
        return _("a section: %(blocks)s") % {"blocks": labels}
    if how == SUBHEADING:
        return _("a sub-heading, kept in the section above (%(blocks)s)") % {"blocks": labels}
    if how == TITLE:
        return _("the title or introduction")
    if how == TOC:
        return _("table of contents, skipped")
    if how == TABLE_HEADER:
        return _("a table's header row, skipped")
    if how == NOT_PLACED:
        return _("looks like a heading but names no section: kept as text in the section above")
    return how


def describe_row(row) -> str:
    text = row["text"] if isinstance(row, dict) else row.text
    return f"{text.replace(chr(9), ' | ')} → {placement_words(row)}"
