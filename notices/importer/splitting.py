"""Splitting lines into sections at their headings, and the text helpers the builders use.

Real notices mark their sections in many ways: numbered headings ("1. Rekisterinpitäjä",
"IV Tietojen luovutus", "b) Säilytysaika"), upper-case lines ("REKISTERIN PITÄJÄ"), questions,
plain heading lines, two-column tables, HTML headings and bold paragraphs, DOCX heading
styles, outline levels and Word's own numbering. Every line that looks like a heading is
accounted for in `Split.placements`: made a section, kept as a sub-heading of the section it
belongs to, taken for the title, skipped with the table of contents, or kept as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .headings import (
    COLUMN_HEADER_RE,
    COMBINABLE,
    NUMBERING_RE,
    SENTENCE_START_RE,
    TITLE_RE,
    TOC_HEADING_RE,
    heading_kinds,
    normalise_heading,
    numbering_of,
)
from .reading import Line

MAX_HEADING_CHARS = 100
MAX_STYLED_HEADING_CHARS = 200
TOC_LINE_RE = re.compile(r"^\s*\d{1,2}(?:\.\d+)*\.?\t[^\t]+\t\s*\d{1,3}\s*$")
BULLET_RE = re.compile(r"^\s*(?:[-–•*·▪◦]|\d{1,2}[.)]|[a-z][.)])\s+")
SYMBOL_BULLET_RE = re.compile(r"^\s*[-–•*·▪◦]\s+")

# How a heading-like line was placed, for the report.
SECTION = "section"
SUBHEADING = "subheading"
TITLE = "title"
TOC = "toc"
TABLE_HEADER = "table_header"
NOT_PLACED = "not_placed"

# The forms a heading takes; a strong form starts a section even inside a section of its kind.
STRONG_FORMS = {"style", "upper", "numbered", "table"}


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    kind: str | None = None  # a NoticeBodyBlock type, or None when unrecognised
    also: list[str] = field(default_factory=list)  # further types the heading names
    form: str = "plain"
    number: str = ""
    unanswered: bool = False  # a table row whose answer cell is empty
    written: str = ""  # the heading line as written, numbering included
    hint: str = ""  # the line's heading hint: "title" for a document's title style or <h1>

    @property
    def kinds(self) -> list[str]:
        return [self.kind, *self.also] if self.kind else list(self.also)


@dataclass
class Placement:
    """One heading-like line of the source and what became of it."""

    text: str
    how: str
    section: int | None = None  # index in Split.sections
    kind: str | None = None


@dataclass
class Split:
    preamble: list[str]
    sections: list[Section]
    placements: list[Placement]
    toc_skipped: int = 0


@dataclass
class _Candidate:
    form: str
    kinds: list[str]
    number: str


def _number_value(number: str) -> tuple[str, int] | None:
    """A heading number's style and value: ("decimal", 4) for "4.", ("roman", 4) for "IV"."""
    token = number.strip().rstrip(".)").strip()
    token = token.split(".")[0] if re.fullmatch(r"\d+(\.\d+)*", token) else token
    if token.isdigit():
        return ("decimal", int(token))
    romans = {"I": 1, "V": 5, "X": 10}
    if token and all(c in romans for c in token.upper()) and token.isupper():
        total, previous = 0, 0
        for char in reversed(token.upper()):
            value = romans[char]
            total += -value if value < previous else value
            previous = max(previous, value)
        return ("roman", total)
    if len(token) == 1 and token.isalpha():
        return ("letter" + ("-upper" if token.isupper() else ""), ord(token.lower()) - 96)
    return None


def heading_candidate(line: Line, after_blank: bool = True) -> _Candidate | None:
    """Whether a line looks like a section heading, in which form, naming which sections."""
    text = line.text.strip()
    if not text or "@" in text or line.list_item or "[at]" in text.lower():
        return None
    heading = normalise_heading(text)
    if not heading or not re.search(r"[^\W\d_]{3}", heading):
        return None
    number = line.number or numbering_of(text)
    kinds = heading_kinds(heading)
    words = len(heading.split())
    letters = [c for c in heading if c.isalpha()]
    upper = len(letters) >= 4 and all(c.isupper() for c in letters)
    question = heading.endswith("?")
    sentence = (
        heading.endswith((".", ",", ";", "!"))
        or words > 10
        or (bool(SENTENCE_START_RE.match(heading)) and not question)
    )
    if line.heading_hint and line.hint in ("style", "html", "title", "outline"):
        if len(text) <= MAX_STYLED_HEADING_CHARS:
            return _Candidate("style", kinds, number)
        return None
    if len(text) > MAX_HEADING_CHARS:
        return None
    if question and kinds and words <= 14:
        return _Candidate("question", kinds, number)
    if sentence:
        return None
    if upper:
        return _Candidate("upper", kinds, number)
    if number:
        return _Candidate("numbered", kinds, number)
    if line.heading_hint and kinds:  # bold paragraph, definition term
        return _Candidate("bold", kinds, number)
    if kinds and after_blank and words <= 8 and not SYMBOL_BULLET_RE.match(text):
        return _Candidate("plain", kinds, number)
    if line.heading_hint or (text.endswith(":") and after_blank and words <= 3):
        return _Candidate("label", [], number)  # looks like a heading, names no section
    return None


def split_sections(lines: list[Line]) -> Split:
    """The preamble, the sections, and what became of every heading-like line."""
    splitter = _Splitter()
    for line in lines:
        splitter.feed(line)
    return splitter.finish()


class _Splitter:
    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.sections: list[Section] = []
        self.placements: list[Placement] = []
        self.toc_skipped = 0
        self.after_blank = True
        self.in_toc = False
        self.last_number: tuple[str, int] | None = None
        self.heading_lists: set[str] = set()
        self.table_rows = 0  # rows of the current table seen so far

    # -- helpers ----

    def add_content(self, text: str) -> None:
        if self.sections:
            self.sections[-1].lines.append(text)
        else:
            self.preamble.append(text)

    def place(self, text: str, how: str, kind: str | None = None) -> None:
        index = len(self.sections) - 1 if self.sections else None
        self.placements.append(Placement(text.strip(), how, index, kind))

    def start_section(self, written: str, candidate: _Candidate, heading: str = "") -> Section:
        kinds = candidate.kinds
        section = Section(
            heading=heading or normalise_heading(written),
            kind=kinds[0] if kinds else None,
            also=list(kinds[1:]),
            form=candidate.form,
            number=candidate.number,
            written=written.strip(),
        )
        self.sections.append(section)
        self.place(written, SECTION, section.kind)
        value = _number_value(candidate.number) if candidate.number else None
        if value:
            self.last_number = value
        return section

    def continues_numbering(self, line: Line, number: str) -> bool:
        """An unrecognised numbered line is a heading when it continues the headings' numbers
        ("5." after "4. Tietojen luovutus") or shares their Word list."""
        if line.list_id and line.list_id in self.heading_lists:
            return True
        value = _number_value(number)
        return bool(
            value
            and self.last_number
            and value[0] == self.last_number[0]
            and value[1] == self.last_number[1] + 1
            and "." not in number.strip().rstrip(".")
        )

    def sub_numbered(self, current: Section | None, candidate: _Candidate) -> bool:
        """A lettered line inside a section of decimal- or Roman-numbered headings is that
        section's sub-heading, whatever its words name."""
        if current is None or not current.number or candidate.form != "numbered":
            return False
        if candidate.kinds and candidate.kinds[0] in COMBINABLE.get(current.kind or "", ()):
            return False  # "a) Oikeus vastustaa" under the rights: a section of its own
        value = _number_value(candidate.number)
        own = _number_value(current.number)
        return bool(
            value and own and value[0].startswith("letter") and not own[0].startswith("letter")
        )

    # -- the stream ----

    def feed(self, line: Line) -> None:
        text = line.text.rstrip()
        previous_blank, self.after_blank = self.after_blank, not text.strip()
        if line.cells is None:
            self.table_rows = 0
        if not text.strip():
            self.add_content("")
            return
        if TOC_HEADING_RE.match(text):
            self.in_toc = True
            self.place(text, TOC)
            return
        if TOC_LINE_RE.match(text):
            self.toc_skipped += 1
            self.place(text, TOC)
            return
        self.in_toc = False
        if line.cells is not None:
            self.table_row(line)
            return
        candidate = heading_candidate(line, previous_blank)
        written = f"{line.number} {text}" if line.number else text
        if candidate is None:
            self.add_content(f"{line.number} {text}" if line.number else text)
            return
        if candidate.form == "label":
            self.add_content(written)
            self.place(written, NOT_PLACED)
            return
        if candidate.form == "numbered" and not candidate.kinds:
            if not self.continues_numbering(line, candidate.number):
                self.add_content(written)
                return
        current = self.sections[-1] if self.sections else None
        has_content = current is not None and any(part.strip() for part in current.lines)
        if self.sub_numbered(current, candidate):
            # "B. ATK:lla käsiteltävät tiedot" inside "9. Rekisterin suojauksen periaatteet".
            self.add_content(written)
            self.place(written, SUBHEADING, current.kind)
            return
        if (
            current is not None
            and has_content
            and candidate.form not in STRONG_FORMS
            and candidate.kinds
            and candidate.kinds[0] in current.kinds
        ):
            # "Tietosuojavaltuutetun toimisto" under "Valvontaviranomainen": part of it.
            self.add_content(written)
            self.place(written, SUBHEADING, candidate.kinds[0])
            return
        self.start_section(written, candidate).hint = line.hint
        if line.list_id and candidate.kinds:
            self.heading_lists.add(line.list_id)

    def table_row(self, line: Line) -> None:
        cells = list(line.cells or [])
        first_row = self.table_rows == 0
        self.table_rows += 1
        # A leading number column ("3 | Säilytysaika | …") belongs to the heading.
        if len(cells) == 3 and re.fullmatch(r"\s*[\dIVXivx]{1,4}[.)]?\s*", " ".join(cells[0])):
            cells = [[" ".join(cells[0]) + " " + " ".join(cells[1])], cells[2]]
        if len(cells) != 2:
            for text in (" – ".join(" ".join(cell) for cell in cells if cell),):
                if text:
                    self.add_content(text)
            return
        left, right = " ".join(cells[0]).strip(), cells[1]
        right_text = " ".join(right).strip()
        if line.header_row or (
            first_row and COLUMN_HEADER_RE.match(right_text) and not heading_kinds(left)
        ):
            self.place(line.text.replace("\t", " | "), TABLE_HEADER)
            return
        if not left:
            for part in right:
                self.add_content(part)
            return
        # Every row of a two-column table is a section, whatever its left cell says.
        heading = normalise_heading(left) or left
        candidate = _Candidate("table", heading_kinds(heading), numbering_of(left))
        section = self.start_section(left, candidate, heading=heading)
        section.lines = list(right)
        section.unanswered = not right_text

    def finish(self) -> Split:
        # An empty heading followed by a heading of the same kind, or none, is one section
        # whose first line looked like a heading ("REKISTERINPITÄJÄ" over "YRITYS OY").
        merged: list[Section] = []
        renumber: dict[int, int] = {}
        for index, section in enumerate(self.sections):
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and not previous.unanswered
                and not section.unanswered
                and previous.form != "table"
                and not any(line.strip() for line in previous.lines)
                and (section.kind is None or section.kind in previous.kinds)
                and section.form != "table"
            ):
                previous.lines = [section.written, "", *section.lines]
                renumber[index] = len(merged) - 1
                for placement in self.placements:
                    if placement.section == index and placement.how == SECTION:
                        placement.how = SUBHEADING
                        placement.kind = previous.kind
                continue
            renumber[index] = len(merged)
            merged.append(section)
        for placement in self.placements:
            if placement.section is not None:
                placement.section = renumber.get(placement.section, placement.section)
        sections = merged
        # Unrecognised headings before the first recognised one that read like the document's
        # title ("REKISTERISELOSTE", <h1>Privacy notice</h1>) belong to the preamble.
        dropped = 0
        while (
            sections
            and sections[0].kind is None
            and (sections[0].hint == "title" or TITLE_RE.search(sections[0].heading))
        ):
            first = sections.pop(0)
            dropped += 1
            self.preamble += ["", first.written, "", *first.lines]
            for placement in self.placements:
                if placement.section == dropped - 1 and placement.how in (SECTION, SUBHEADING):
                    placement.how = TITLE if placement.how == SECTION else placement.how
        for placement in self.placements:
            if placement.section is not None:
                placement.section -= dropped
                if placement.section < 0:
                    placement.section = None
        return Split(self.preamble, sections, self.placements, self.toc_skipped)


SHORT_LINE = 60


def _joined(lines: list[str]) -> str:
    # Short lines are an address or a list of details: their breaks are kept. Longer ones are
    # prose wrapped by the file's editor and read as one paragraph.
    if len(lines) > 1 and (
        all(len(line) <= SHORT_LINE for line in lines)
        or any(len(line) <= SHORT_LINE * 3 // 4 for line in lines[:-1])
    ):
        return "\n".join(lines)
    return " ".join(lines)


def paragraphs(lines: list[str]) -> list[str]:
    """Lines grouped into paragraphs at blank lines; bullets stay separate, and the breaks
    of short lines (an address) are kept as newlines."""
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                out.append(_joined(current))
                current = []
        elif BULLET_RE.match(stripped):
            if current:
                out.append(_joined(current))
                current = []
            out.append(stripped)
        else:
            current.append(stripped)
    if current:
        out.append(_joined(current))
    return out


def text_of(lines: list[str]) -> str:
    return "\n".join(p for p in paragraphs(lines))


def rich_text_of_paragraphs(paras: list[str]) -> str:
    """Paragraphs and bullet lists as the rich text the blocks store, escaped."""
    parts: list[str] = []
    items: list[str] = []
    for para in paras:
        if BULLET_RE.match(para):
            items.append(f"<li>{html.escape(BULLET_RE.sub('', para, count=1))}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append("<p>" + "<br/>".join(html.escape(x) for x in para.split("\n")) + "</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def rich_text(lines: list[str]) -> str:
    return rich_text_of_paragraphs(paragraphs(lines))


def is_bullet(para: str) -> bool:
    return bool(BULLET_RE.match(para))


def strip_bullet(para: str) -> str:
    return BULLET_RE.sub("", para, count=1).strip()


__all__ = ["NUMBERING_RE", "Section", "Split", "Placement", "split_sections", "paragraphs"]
