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
    text: str
    heading_hint: bool = False  # an HTML <h1>… or a DOCX heading style


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
            lines = [Line(line) for line in text.splitlines()]
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


HEADING_MARK = "\x01"
HTML_BLOCKS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tr", "ul",
]  # fmt: skip


HTML_SKIPPED = {"script", "style", "head", "template", "noscript", "iframe", "object"}
HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HTML_LINE_ITEMS = {"li", "tr", "dd", "dt"}


class _TextWriter(HTMLParser):
    """Reads HTML as one stream of events and writes its text with the structure marked: a
    blank line around blocks, a mark before a heading, "- " before a list item, a tab after a
    table cell. Streaming keeps the cost linear, however deeply hostile input nests."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in HTML_SKIPPED:
            self.skipping.append(tag)
        if self.skipping:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in HTML_BLOCKS:
            self.parts.append("\n" if tag in HTML_LINE_ITEMS else "\n\n")
        if tag in HTML_HEADINGS:
            self.parts.append(HEADING_MARK)
        elif tag == "li":
            self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in HTML_BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace(HEADING_MARK, ""))


def html_lines(text: str) -> list[Line]:
    writer = _TextWriter()
    try:
        writer.feed(text)
        writer.close()
    except Exception as error:  # noqa: BLE001 – any parser failure is bad input
        raise NoticeImportError(
            _("The HTML could not be read: %(error)s") % {"error": error}
        ) from None
    lines: list[Line] = []
    for raw in "".join(writer.parts).split("\n"):
        is_heading = HEADING_MARK in raw
        text_value = raw.replace(HEADING_MARK, "")
        if "\t" in text_value.strip():
            cells = [re.sub(r"[ \xa0]+", " ", c).strip() for c in text_value.split("\t")]
            lines.append(Line("\t".join(c for c in cells if c)))
            continue
        lines.append(Line(re.sub(r"[ \t\xa0]+", " ", text_value).strip(), is_heading))
    return lines


def docx_lines(data: bytes) -> list[Line]:
    """Paragraphs and table rows of word/document.xml, read with limits against zip bombs."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise NoticeImportError(
            _("The file is not a valid Word document (.docx). Save it again as .docx or .txt.")
        ) from None
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
        root = ElementTree.fromstring(xml)
    except NoticeImportError:
        raise
    except (DefusedXmlException, zipfile.BadZipFile, OSError, ValueError, SyntaxError):
        raise NoticeImportError(
            _("The Word document is damaged or contains unsafe XML and was not imported.")
        ) from None
    body = root.find(f"{WORD_NS}body")
    if body is None:
        raise NoticeImportError(_("The Word document has no body text."))
    lines: list[Line] = []
    for element in body:
        if element.tag == f"{WORD_NS}p":
            lines.extend(_docx_paragraph(element))
        elif element.tag != f"{WORD_NS}tbl":
            # Content controls and the like wrap ordinary paragraphs: read them too.
            for paragraph in element.iter(f"{WORD_NS}p"):
                lines.extend(_docx_paragraph(paragraph))
        else:
            for row in element.iter(f"{WORD_NS}tr"):
                cells = []
                for cell in row.findall(f"{WORD_NS}tc"):
                    texts = [
                        " ".join(line.text for line in _docx_paragraph(p))
                        for p in cell.iter(f"{WORD_NS}p")
                    ]
                    cells.append(" ".join(t for t in texts if t).strip())
                lines.append(Line("\t".join(cells)))
            lines.append(Line(""))
    return lines


def _docx_paragraph(paragraph) -> list[Line]:
    style = paragraph.find(f"{WORD_NS}pPr/{WORD_NS}pStyle")
    style_name = (style.get(f"{WORD_NS}val") or "") if style is not None else ""
    is_heading = bool(re.match(r"(heading|otsikko|rubrik|title)", style_name, re.I))
    is_list = paragraph.find(f"{WORD_NS}pPr/{WORD_NS}numPr") is not None
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{WORD_NS}t":
            parts.append(node.text or "")
        elif node.tag == f"{WORD_NS}tab":
            parts.append("\t")
        elif node.tag in (f"{WORD_NS}br", f"{WORD_NS}cr"):
            parts.append("\n")
    text = "".join(parts)
    out = []
    for part in text.split("\n"):
        part = part.strip()
        if part and is_list and not is_heading:
            part = "- " + part
        out.append(Line(part, heading_hint=is_heading))
    out.append(Line(""))
    return out
