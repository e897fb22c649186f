"""Reading a notice file (plain text, HTML or DOCX) into lines, refusing what is not a notice.

Untrusted input: sizes are capped, DOCX is unzipped with limits and parsed with defusedxml,
and every failure is a `NoticeImportError` with a message for the person importing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_LINES = 20_000

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HTML_TAG_RE = re.compile(
    r"<\s*/?\s*(p|br|div|h[1-6]|li|ul|ol|table|tr|td|strong|b|em|span)\b", re.I
)


class NoticeImportError(ValueError):
    """The file cannot be imported; the message says why, for the person importing it."""


@dataclass
class Line:
    """One line of the source, with what its markup says about it."""

    text: str
    heading_hint: bool = False  # an HTML <h1>…, a DOCX heading style or outline level
    list_item: bool = False  # a bullet or numbered list item (Word numbering, list styles, <li>)
    cells: list[list[str]] | None = None  # a table row: each cell's lines
    header_row: bool = False  # a table's header row (<th>, Word's repeated header row)
    number: str = ""  # Word's automatic number of the paragraph ("3.", "IV.", "b)")
    list_id: str = ""  # which Word list (or HTML <ol>) the number belongs to
    hint: str = ""  # where the heading hint comes from: style, outline, html, bold, title


def read_lines(data: bytes, filename: str) -> list[Line]:
    """Turn a .txt, .html or .docx file into lines, refusing what is not a notice."""
    if len(data) > MAX_FILE_BYTES:
        raise NoticeImportError(
            _("The file is too large (%(size)s MB); a notice should be under %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise NoticeImportError(_("The file is empty."))
    name = (filename or "").lower()
    if name.endswith(".docx") or data[:4] == b"PK\x03\x04":
        lines = docx_lines(data)
    else:
        text = decode_text(data)
        if name.endswith((".html", ".htm")) or re.match(r"\s*(<!doctype|<html|<body)", text, re.I):
            lines = html_lines(text)
        elif len(HTML_TAG_RE.findall(text)) >= 3:
            lines = html_lines(text)  # HTML pasted into a text file
        else:
            lines = [
                table_row([[cell] for cell in line.strip().split("\t")])
                if "\t" in line.strip()
                else Line(line)
                for line in text.splitlines()
            ]
    if len(lines) > MAX_LINES:
        raise NoticeImportError(_("The file has too many lines to be a privacy notice."))
    if not any(line.text.strip() for line in lines):
        raise NoticeImportError(_("The file contains no text to import."))
    return lines


def decode_text(data: bytes) -> str:
    if b"\x00" in data:
        raise NoticeImportError(
            _("The file looks like a binary file, not text. Import a .txt, .html or .docx file.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NoticeImportError(
            _(
                "The file is not valid UTF-8 text (a problem near byte %(position)s). Save it "
                "as UTF-8 and import it again."
            )
            % {"position": error.start}
        ) from None
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(10, len(text) // 100):
        raise NoticeImportError(_("The file looks like a binary file, not text."))
    return text.replace("\r\n", "\n").replace("\r", "\n")


HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tr", "ul", "td", "th", "caption", "figcaption",
}  # fmt: skip
HTML_SKIPPED = {"script", "style", "head", "template", "noscript", "iframe", "object", "svg"}
HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HTML_BOLD = {"strong", "b"}


class _HtmlReader(HTMLParser):
    """Reads HTML as one stream of events into lines with their structure: headings, bold-only
    paragraphs, list items, definition terms and table rows with their cells. Streaming keeps
    the cost linear, however deeply hostile input nests."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.skipping: list[str] = []
        self.text: list[str] = []  # the block being read
        self.bold_chars = 0
        self.plain_chars = 0
        self.bold_depth = 0
        self.heading_depth = 0
        self.heading_tag = ""
        self.seen_h1 = False
        self.list_depth = 0
        self.in_item = False
        self.in_term = False
        # Tables: the row being read, its cells, and the current cell's lines.
        self.table_depth = 0
        self.row: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.row_is_header = False
        self.rows_in_table = 0

    # -- text of the block being read ----

    def flush(self) -> None:
        raw = "".join(self.text)
        self.text = []
        bold, plain = self.bold_chars, self.plain_chars
        self.bold_chars = self.plain_chars = 0
        for part in raw.split("\n"):
            text = re.sub(r"[ \t\xa0]+", " ", part).strip()
            if not text:
                continue
            if self.cell is not None:
                self.cell.append(("- " + text) if self.in_item else text)
                continue
            line = Line(text)
            if self.heading_depth:
                # The page's first <h1> is its title; the rest are headings.
                title = self.heading_tag == "h1" and not self.seen_h1
                self.seen_h1 = self.seen_h1 or self.heading_tag == "h1"
                line.heading_hint, line.hint = True, "title" if title else "html"
            elif self.in_item:
                line.text, line.list_item = "- " + text, True
            elif self.in_term:
                line.heading_hint, line.hint = True, "term"
            elif bold and not plain and len(text) <= 120:
                line.heading_hint, line.hint = True, "bold"
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HTML_SKIPPED:
            self.skipping.append(tag)
        if self.skipping:
            return
        if tag == "br":
            self.text.append("\n")
            return
        if tag in HTML_BOLD:
            self.bold_depth += 1
            return
        if tag not in HTML_BLOCKS:
            return
        self.flush()
        if tag in HTML_HEADINGS:
            self.heading_depth += 1
            self.heading_tag = tag
        elif tag in ("ul", "ol"):
            self.list_depth += 1
        elif tag == "li":
            self.in_item = True
        elif tag == "dt":
            self.in_term = True
        elif tag == "table":
            self.table_depth += 1
            if self.table_depth == 1:
                self.rows_in_table = 0
        elif tag == "tr" and self.table_depth == 1:
            self.row, self.cell, self.row_is_header = [], None, False
        elif tag in ("td", "th") and self.table_depth == 1 and self.row is not None:
            self.cell = []
            self.row_is_header = self.row_is_header or tag == "th"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skipping:
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in HTML_BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)
            return
        if tag not in HTML_BLOCKS:
            return
        self.flush()
        if tag in HTML_HEADINGS:
            self.heading_depth = max(0, self.heading_depth - 1)
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
        elif tag == "li":
            self.in_item = False
        elif tag == "dt":
            self.in_term = False
        elif tag in ("td", "th") and self.table_depth == 1 and self.row is not None:
            if self.cell is not None:
                self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.table_depth == 1 and self.row is not None:
            self.end_row()
        elif tag == "table":
            if self.table_depth == 1 and self.row:
                self.end_row()
            self.table_depth = max(0, self.table_depth - 1)
            if self.table_depth == 0:
                self.lines.append(Line(""))

    def end_row(self) -> None:
        row, self.row, self.cell = self.row or [], None, None
        if any(any(line.strip() for line in cell) for cell in row):
            header = self.row_is_header and self.rows_in_table == 0
            self.lines.append(table_row(row, header_row=header))
            self.rows_in_table += 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.text.append(data)
        count = len(data.strip())
        if self.bold_depth:
            self.bold_chars += count
        else:
            self.plain_chars += count


def table_row(cells: list[list[str]], header_row: bool = False) -> Line:
    """A table row as a line: its cells, and its text with the cells apart."""
    cells = [[c for c in cell if c.strip()] for cell in cells]
    text = "\t".join(" ".join(cell) for cell in cells)
    return Line(text, cells=cells, header_row=header_row)


def html_lines(text: str) -> list[Line]:
    reader = _HtmlReader()
    try:
        reader.feed(text)
        reader.close()
        reader.flush()
    except Exception as error:  # noqa: BLE001 – any parser failure is bad input
        raise NoticeImportError(
            _("The HTML could not be read: %(error)s") % {"error": error}
        ) from None
    lines: list[Line] = []
    for line in reader.lines:
        # A blank line around every block, as in a text file; table rows stay together.
        if line.cells is None and lines and lines[-1].text:
            lines.append(Line(""))
        lines.append(line)
        if line.cells is None and not line.list_item:
            lines.append(Line(""))
    return lines


# -- Word documents ----


def _read_part(archive: zipfile.ZipFile, name: str, required: bool = False):
    """One XML part of the package, parsed safely, or None when absent and not required."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise NoticeImportError(
                _("The file is not a valid Word document (.docx). Save it again as .docx or .txt.")
            ) from None
        return None
    if info.file_size > MAX_DOCX_XML_BYTES or (
        info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
    ):
        raise NoticeImportError(
            _("The Word document unpacks to an unreasonable size and was not imported.")
        )
    try:
        with archive.open(info) as handle:
            xml = handle.read(MAX_DOCX_XML_BYTES + 1)
        if len(xml) > MAX_DOCX_XML_BYTES:
            raise NoticeImportError(
                _("The Word document unpacks to an unreasonable size and was not imported.")
            )
        return ElementTree.fromstring(xml)
    except NoticeImportError:
        raise
    except (DefusedXmlException, zipfile.BadZipFile, OSError, ValueError, SyntaxError):
        raise NoticeImportError(
            _("The Word document is damaged or contains unsafe XML and was not imported.")
        ) from None


def _val(element, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return found.get(f"{WORD_NS}val") if found is not None else None


HEADING_STYLE_RE = re.compile(r"^(heading|otsikko|rubrik|überschrift|titre)\s*\d", re.I)
TITLE_STYLE_RE = re.compile(r"^(title|otsikko$|rubrik$|subtitle|alaotsikko|underrubrik)", re.I)
LIST_STYLE_RE = re.compile(r"list|luettelo|lista|liste|bullet|aufzählung", re.I)


@dataclass
class _Style:
    name: str = ""
    based_on: str = ""
    outline: int | None = None
    num_id: str = ""
    ilvl: int = 0
    bold: bool = False


class _WordStyles:
    """Paragraph styles with their inherited outline level and numbering."""

    def __init__(self, root) -> None:
        self.styles: dict[str, _Style] = {}
        for style in root.iter(f"{WORD_NS}style") if root is not None else ():
            if style.get(f"{WORD_NS}type") not in (None, "paragraph"):
                continue
            ppr = style.find(f"{WORD_NS}pPr")
            outline = _val(ppr, f"{WORD_NS}outlineLvl")
            rpr = style.find(f"{WORD_NS}rPr")
            bold = rpr is not None and rpr.find(f"{WORD_NS}b") is not None
            self.styles[style.get(f"{WORD_NS}styleId") or ""] = _Style(
                name=_val(style, f"{WORD_NS}name") or "",
                based_on=_val(style, f"{WORD_NS}basedOn") or "",
                outline=int(outline) if outline and outline.isdigit() else None,
                num_id=_val(ppr, f"{WORD_NS}numPr/{WORD_NS}numId") or "",
                ilvl=int(_val(ppr, f"{WORD_NS}numPr/{WORD_NS}ilvl") or 0),
                bold=bold,
            )

    def chain(self, style_id: str) -> list[_Style]:
        out, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            out.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return out

    def describe(self, style_id: str) -> dict:
        chain = self.chain(style_id)
        names = [style.name or "" for style in chain] + [style_id]
        outline = next((s.outline for s in chain if s.outline is not None), None)
        numbered = next((s for s in chain if s.num_id), None)
        return {
            "heading": any(HEADING_STYLE_RE.match(n) for n in names) or outline is not None,
            "title": any(TITLE_STYLE_RE.match(n) for n in names[:1]),
            "list": any(LIST_STYLE_RE.search(n) for n in names),
            "outline": outline,
            "num_id": numbered.num_id if numbered else "",
            "ilvl": numbered.ilvl if numbered else 0,
            "bold": any(s.bold for s in chain),
        }


ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), *ROMAN):  # fmt: skip
        while number >= value:
            out, number = out + letters, number - value
    return out


def _format_number(number: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(number)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("upperLetter", "lowerLetter"):
        text = chr(ord("a") + (number - 1) % 26)
        return text.upper() if fmt == "upperLetter" else text
    return str(number)


class _WordNumbering:
    """Word's automatic numbering: which list a paragraph belongs to and the number it shows."""

    def __init__(self, root) -> None:
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        if root is None:
            return
        for abstract in root.iter(f"{WORD_NS}abstractNum"):
            levels = {}
            for level in abstract.findall(f"{WORD_NS}lvl"):
                ilvl = int(level.get(f"{WORD_NS}ilvl") or 0)
                levels[ilvl] = {
                    "fmt": _val(level, f"{WORD_NS}numFmt") or "decimal",
                    "text": _val(level, f"{WORD_NS}lvlText") or "",
                    "start": int(_val(level, f"{WORD_NS}start") or 1),
                }
            self.abstract[abstract.get(f"{WORD_NS}abstractNumId") or ""] = levels
        for num in root.iter(f"{WORD_NS}num"):
            starts = {}
            for override in num.findall(f"{WORD_NS}lvlOverride"):
                start = _val(override, f"{WORD_NS}startOverride")
                if start and start.isdigit():
                    starts[int(override.get(f"{WORD_NS}ilvl") or 0)] = int(start)
            self.nums[num.get(f"{WORD_NS}numId") or ""] = (
                _val(num, f"{WORD_NS}abstractNumId") or "",
                starts,
            )

    def level(self, num_id: str, ilvl: int) -> dict:
        abstract_id, _starts = self.nums.get(num_id, ("", {}))
        levels = self.abstract.get(abstract_id, {})
        # Without numbering.xml a numbered paragraph is still a list item; say it is a bullet.
        return levels.get(ilvl) or {"fmt": "bullet" if not levels else "decimal", "text": ""}

    def next_number(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of this list at this level."""
        level = self.level(num_id, ilvl)
        if level["fmt"] in ("bullet", "none"):
            return ""
        abstract_id, starts = self.nums.get(num_id, ("", {}))
        key = (abstract_id or num_id, ilvl)
        start = starts.get(ilvl, level.get("start", 1))
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > ilvl]:
            del self.counters[deeper]
        text = level["text"] or f"%{ilvl + 1}."

        def number_of(match: re.Match) -> str:
            lvl = int(match.group(1)) - 1
            if lvl == ilvl:
                return _format_number(self.counters[key], level["fmt"])
            value = self.counters.get((key[0], lvl), 1)
            return _format_number(value, self.level(num_id, lvl)["fmt"])

        return re.sub(r"%(\d)", number_of, text).strip()


def docx_lines(data: bytes) -> list[Line]:
    """Paragraphs and table rows of word/document.xml, with styles and numbering resolved,
    read with limits against zip bombs."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NoticeImportError(
            _("The file is not a valid Word document (.docx). Save it again as .docx or .txt.")
        ) from None
    root = _read_part(archive, "word/document.xml", required=True)
    styles = _WordStyles(_read_part(archive, "word/styles.xml"))
    numbering = _WordNumbering(_read_part(archive, "word/numbering.xml"))
    body = root.find(f"{WORD_NS}body")
    if body is None:
        raise NoticeImportError(_("The Word document has no body text."))
    reader = _DocxReader(styles, numbering)
    for element in body:
        reader.element(element)
    return reader.lines


class _DocxReader:
    def __init__(self, styles: _WordStyles, numbering: _WordNumbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.lines: list[Line] = []

    def element(self, element) -> None:
        if element.tag == f"{WORD_NS}p":
            self.lines.extend(self.paragraph(element))
        elif element.tag == f"{WORD_NS}tbl":
            self.table(element)
        else:
            # Content controls and the like wrap ordinary paragraphs and tables: read them too.
            for child in element:
                self.element(child)

    def table(self, table) -> None:
        first = True
        for row in table.findall(f"{WORD_NS}tr"):
            cells = []
            for cell in row.findall(f"{WORD_NS}tc"):
                lines: list[str] = []
                for paragraph in cell.iter(f"{WORD_NS}p"):
                    lines += [line.text for line in self.paragraph(paragraph) if line.text]
                cells.append(lines)
            header = first and row.find(f"{WORD_NS}trPr/{WORD_NS}tblHeader") is not None
            if any(cells):
                self.lines.append(table_row(cells, header_row=header))
                first = False
        self.lines.append(Line(""))

    def paragraph(self, paragraph) -> list[Line]:
        ppr = paragraph.find(f"{WORD_NS}pPr")
        style = self.styles.describe(_val(ppr, f"{WORD_NS}pStyle") or "")
        outline = _val(ppr, f"{WORD_NS}outlineLvl")
        if outline and outline.isdigit() and int(outline) < 9:
            style["heading"], style["outline"] = True, int(outline)
        num_id = _val(ppr, f"{WORD_NS}numPr/{WORD_NS}numId") or style["num_id"]
        ilvl = _val(ppr, f"{WORD_NS}numPr/{WORD_NS}ilvl")
        ilvl = int(ilvl) if ilvl and ilvl.isdigit() else style["ilvl"]
        parts: list[str] = []
        bold_chars = plain_chars = 0
        for run in paragraph.iter(f"{WORD_NS}r"):
            rpr = run.find(f"{WORD_NS}rPr")
            bold_node = rpr.find(f"{WORD_NS}b") if rpr is not None else None
            bold = style["bold"] if bold_node is None else _is_on(bold_node)
            for node in run:
                if node.tag == f"{WORD_NS}t":
                    parts.append(node.text or "")
                    count = len((node.text or "").strip())
                    bold_chars += count if bold else 0
                    plain_chars += 0 if bold else count
                elif node.tag == f"{WORD_NS}tab":
                    parts.append("\t")
                elif node.tag in (f"{WORD_NS}br", f"{WORD_NS}cr"):
                    parts.append("\n")
        text = "".join(parts)
        number = ""
        is_list = False
        if num_id and num_id != "0" and text.strip():
            number = self.numbering.next_number(num_id, ilvl)
            is_list = not number  # a bullet
        out = []
        for index, part in enumerate(text.split("\n")):
            part = re.sub(r"[ \xa0]+", " ", part).strip()
            line = Line(part, list_id=num_id if number else "")
            if part and index == 0 and number:
                line.number = number
            if part and style["title"]:
                line.heading_hint, line.hint = True, "title"
            elif part and style["heading"]:
                line.heading_hint, line.hint = True, "style"
            elif part and (is_list or (style["list"] and not number)):
                line.text, line.list_item = "- " + part, True
            elif part and bold_chars and not plain_chars and len(part) <= 120:
                line.heading_hint, line.hint = True, "bold"
            out.append(line)
        out.append(Line(""))
        return out


def _is_on(node) -> bool:
    return (node.get(f"{WORD_NS}val") or "true").lower() not in ("0", "false", "off")
