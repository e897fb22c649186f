"""Splitting lines into sections at their headings, and the text helpers the builders use.

Real notices mark their sections in many ways: numbered headings ("1. Rekisterinpitäjä"),
upper-case lines ("REKISTERIN PITÄJÄ"), plain heading lines, two-column tables saved as
tab-separated text, HTML headings and DOCX heading styles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .headings import NUMBERING_RE, TITLE_RE, classify_heading, normalise_heading
from .reading import Line

MAX_HEADING_CHARS = 100
TOC_LINE_RE = re.compile(r"^\s*\d{1,2}(?:\.\d+)*\.?\t[^\t]+\t\s*\d{1,3}\s*$")
BULLET_RE = re.compile(r"^\s*(?:[-–•*·]|\d{1,2}[.)])\s+")
SYMBOL_BULLET_RE = re.compile(r"^\s*[-–•*·]\s+")


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    kind: str | None = None  # a NoticeBodyBlock type, or None when unrecognised


def looks_like_heading(line: Line, after_blank: bool = True) -> tuple[bool, str | None]:
    """Whether a line is a section heading, and which section type it names.

    Numbered, upper-case and marked-up headings count anywhere; a plain line counts only when
    it names a known section and stands alone after a blank line, so a role such as
    "Tietosuojavastaava" under a person's name stays content.
    """
    text = line.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or "@" in text:
        return False, None
    heading = normalise_heading(text)
    if not heading or not re.search(r"[^\W\d_]{3}", heading):
        return False, None
    kind = classify_heading(heading)
    letters = [c for c in heading if c.isalpha()]
    upper = len(letters) >= 4 and all(c.isupper() for c in letters)
    numbered = bool(NUMBERING_RE.match(text))
    sentence = heading.endswith((".", ",", ";")) or len(heading.split()) > 10
    if sentence and not line.heading_hint:
        return False, None
    if line.heading_hint or upper:
        return True, kind
    if kind and numbered:
        return True, kind
    if kind and after_blank and len(heading.split()) <= 8 and not SYMBOL_BULLET_RE.match(text):
        return True, kind
    return False, None


def split_sections(lines: list[Line]) -> tuple[list[str], list[Section], int]:
    """The preamble lines, the sections, and how many table-of-contents lines were skipped."""
    preamble: list[str] = []
    sections: list[Section] = []
    toc_skipped = 0
    after_blank = True
    for line in lines:
        text = line.text.rstrip()
        previous_blank, after_blank = after_blank, not text.strip()
        if TOC_LINE_RE.match(text):
            toc_skipped += 1
            continue
        if "\t" in text.strip():
            # A two-column table row: "Heading<TAB>content".
            first, _tab, rest = text.strip().partition("\t")
            is_heading, kind = looks_like_heading(Line(first))
            if is_heading and rest.strip():
                sections.append(Section(normalise_heading(first), [rest.strip()], kind))
                continue
            text = re.sub(r"\t+", " – ", text.strip())
        is_heading, kind = looks_like_heading(Line(text, line.heading_hint), previous_blank)
        if is_heading:
            sections.append(Section(normalise_heading(text), [], kind))
        elif sections:
            sections[-1].lines.append(text)
        else:
            preamble.append(text)
    # An empty heading followed by a heading of the same kind is one section whose first line
    # looked like a heading ("Valvontaviranomainen" over "Tietosuojavaltuutetun toimisto").
    merged: list[Section] = []
    for section in sections:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not any(line.strip() for line in previous.lines)
            and section.kind in (None, previous.kind)
        ):
            previous.lines = [section.heading, "", *section.lines]
            continue
        merged.append(section)
    sections = merged
    # Unrecognised headings before the first recognised one that read like the document's
    # title ("REKISTERISELOSTE", <h1>Privacy notice</h1>) belong to the preamble.
    while sections and sections[0].kind is None and TITLE_RE.search(sections[0].heading):
        first = sections.pop(0)
        preamble += ["", first.heading, "", *first.lines]
    return preamble, sections, toc_skipped


def paragraphs(lines: list[str]) -> list[str]:
    """Lines grouped into paragraphs at blank lines; bullets stay separate."""
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                out.append(" ".join(current))
                current = []
        elif BULLET_RE.match(stripped):
            if current:
                out.append(" ".join(current))
                current = []
            out.append(stripped)
        else:
            current.append(stripped)
    if current:
        out.append(" ".join(current))
    return out


def text_of(lines: list[str]) -> str:
    return "\n".join(p for p in paragraphs(lines))


def rich_text(lines: list[str]) -> str:
    """Paragraphs and bullet lists as the rich text the free-text block stores, escaped."""
    parts: list[str] = []
    items: list[str] = []
    for para in paragraphs(lines):
        if BULLET_RE.match(para):
            items.append(f"<li>{html.escape(BULLET_RE.sub('', para, count=1))}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{html.escape(para)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
