"""Import an existing privacy notice (plain text, HTML or DOCX) as a draft PrivacyNoticePage.

Real notices mark their sections in many ways: numbered headings ("1. Rekisterinpitäjä"),
upper-case lines ("REKISTERIN PITÄJÄ"), plain heading lines, two-column tables saved as
tab-separated text, HTML fragments pasted into text. The importer turns any input into lines,
finds the headings, recognises each section by its heading in Finnish, Swedish or English,
fills typed blocks where it can (controller, contact person, register name, rights, transfers,
retention) and keeps everything else as free-text sections, so no text is lost.

Untrusted input: sizes are capped, DOCX is unzipped with limits and parsed with defusedxml,
and every failure is a `NoticeImportError` with a message for the person importing.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from .validators import is_valid_business_id, normalise_business_id

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_LINES = 20_000
MAX_HEADING_CHARS = 100

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class NoticeImportError(ValueError):
    """The file cannot be imported; the message says why, for the person importing it."""


@dataclass
class Line:
    text: str
    heading_hint: bool = False  # an HTML <h1>… or a DOCX heading style


@dataclass
class Section:
    heading: str
    lines: list[str] = field(default_factory=list)
    kind: str | None = None  # a NoticeBodyBlock type, or None when unrecognised


@dataclass
class ImportResult:
    page: object
    total: int
    recognised: int
    unplaced: list[str]
    notes: list[str]


# Heading patterns, most specific first: "rekisteröidyn oikeudet" is rights, not data subjects.
SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("right_to_object", r"vastustamisoikeus|oikeus vastustaa|rätt att invända|right to object"),
    (
        "consent_withdrawal",
        r"suostumuksen peruutt|peruuttaa suostum|återkalla|withdraw(al|ing)? (of )?consent",
    ),
    (
        "complaint",
        r"valitus|valvontaviranomai|tietosuojavaltuutet|klagomål|klaga|tillsynsmyndighet"
        r"|complain|supervisory authority",
    ),
    (
        "automated_decisions",
        r"automaattinen päätöksenteko|automaattis|profilointi|automatiserat beslutsfattande"
        r"|profilering|automated decision|profiling",
    ),
    (
        "requirement",
        r"velvollisuus antaa|tietojen antamis|antamisen vapaaehtoisuus|skyldighet att lämna"
        r"|obligation to provide|statutory or contractual|required to provide",
    ),
    ("data_protection_officer", r"tietosuojavastaava|dataskyddsombud|data protection officer"),
    ("register_name", r"rekisterin nimi|registrets namn|name of the register|register name"),
    (
        "transfers",
        r"siirto|siirtäminen|siirretään|kolmansiin maihin|överföring|tredje land"
        r"|outside the (eu|eea)|third countr|international transfer|transfers?\b",
    ),
    (
        "data_content",
        r"tietosisältö|tietoryhm|sisältämät tiedot|käsiteltävät (henkilö)?tiedot"
        r"|personuppgifter som behandlas|uppgiftsinnehåll|registrets innehåll"
        r"|personal data (we )?(process|collect)|categories of personal data|data content",
    ),
    ("sources", r"tietolähte|lähteet|uppgiftskällor|källor|sources?\b"),
    (
        "retention",
        r"säilytys|säilyttäminen|säilytetään|vanhenemin|lagringstid|bevarande|lagras"
        r"|retention|how long",
    ),
    ("security", r"suojau|tietoturva|säkerhet|skydd av|security|safeguarding"),
    (
        "rights",
        # Older notices give each right its own heading: "Tarkastusoikeus", "Oikeus vaatia
        # tiedon korjaamista", "Rätt till insyn", "Right of access".
        r"oikeudet|oikeutesi|tarkastusoikeus|oikeus (vaatia|saada|tarkastaa|siirtää|rajoittaa)"
        r"|rättigheter|rätt till (insyn|rättelse|radering|tillgång)|rights|right (of|to) "
        r"(access|rectif|erasure|restrict|data portab)",
    ),
    ("data_subjects", r"rekisteröidyt|rekisteröityjen ryhm|registrerade|data subjects"),
    (
        "controller",
        r"rekisterinpitäjä|rekisterin pitäjä|personuppgiftsansvarig|registeransvarig"
        r"|data controller|\bcontroller\b",
    ),
    ("contact_person", r"yhteyshenkilö|kontaktperson|contact person|yhteystiedot|contact"),
    (
        "recipients",
        r"luovutu|luovutta|vastaanottaja|yhteistyökumppan|utlämnande|lämnas ut|mottagare"
        r"|disclos|recipients|sharing",
    ),
    (
        "purposes",
        r"tarkoitus|käyttötarkoitus|peruste|ändamål|rättslig grund|purpose|legal basis"
        r"|lawful basis",
    ),
    ("cookies", r"eväste|cookie|kakor"),
    ("change_policy", r"muutokset|muutos|ändringar|changes"),
)

NUMBERING_RE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
TOC_LINE_RE = re.compile(r"^\s*\d{1,2}(?:\.\d+)*\.?\t[^\t]+\t\s*\d{1,3}\s*$")
BULLET_RE = re.compile(r"^\s*(?:[-–•*·]|\d{1,2}[.)])\s+")
SYMBOL_BULLET_RE = re.compile(r"^\s*[-–•*·]\s+")
TITLE_RE = re.compile(
    r"tietosuoja|seloste|privacy|dataskydd|integritet|rekisteri|register", re.IGNORECASE
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w-])(\+?\d[\d ()-]{5,}\d)(?![\w-])")
BUSINESS_ID_IN_TEXT_RE = re.compile(r"\b(\d{6,7}\s?[-–]\s?\d)\b")
POSTAL_RE = re.compile(r"\b(\d{5})\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]+)")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
NAME_RE = re.compile(r"^[A-ZÅÄÖ][\wåäöéü'-]+(?:[ -][A-ZÅÄÖ][\wåäöéü'-]+){1,3}$")
COMPANY_RE = re.compile(
    r"\b(oy|oyj|ab|ay|ky|tmi|ltd|gmbh|inc|ry|osuuskunta|säätiö)\b\.?", re.IGNORECASE
)
LABEL_RE = re.compile(r"^[\w\s-]{2,30}:\s*")
HTML_TAG_RE = re.compile(
    r"<\s*/?\s*(p|br|div|h[1-6]|li|ul|ol|table|tr|td|strong|b|em|span)\b", re.I
)

NO_TRANSFER_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,80}\b(siirretä|siirrä|luovuteta)\b|not (be )?transferred"
    r"|överförs inte|inte överförs",
    re.IGNORECASE,
)
RIGHT_PATTERNS = {
    "access": r"tarkast|pääsy|nähdä|insyn|tillgång|access",
    "rectification": r"oikais|korja|rättels|rectif|correct",
    "erasure": r"poist|unohdetu|rader|eras|delet",
    "restriction": r"rajoit|begräns|restrict",
    "portability": r"siirtää järjestelmästä|siirto-oikeus|siirrettäv|siirtää tiedot|flytt|portab",
}
MECHANISM_PATTERNS = (
    ("eu_us_dpf", r"data privacy framework|\bdpf\b|tietosuojakehy"),
    (
        "scc",
        r"vakiosopimuslauseke|mallisopimuslauseke|standard contractual|standardavtalsklausul|\bscc",
    ),
    ("bcr", r"yritystä koskevat sitovat|binding corporate|bindande företagsbestämmelser|\bbcr\b"),
    ("adequacy", r"riittäv|adequacy|adekvat"),
)
US_COUNTRY_RE = re.compile(r"yhdysval|\busa\b|united states|förenta staterna|\bus\b", re.I)


# -- reading files into lines ----


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
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

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


# -- finding sections ----


def normalise_heading(text: str) -> str:
    text = NUMBERING_RE.sub("", text.strip())
    return text.strip().rstrip(":").strip()


def classify_heading(text: str) -> str | None:
    lowered = normalise_heading(text).lower()
    for kind, pattern in SECTION_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return None


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


# -- typed blocks ----


def _strip_label(line: str) -> str:
    return LABEL_RE.sub("", line).strip() if ":" in line[:32] else line.strip()


def controller_block(section: Section, locale) -> tuple[list[dict], list[str]]:
    """A controller block with an Organisation snippet, when a valid business ID is given."""
    from .snippets import Organisation

    text = "\n".join(section.lines)
    ids = [normalise_business_id(m) for m in BUSINESS_ID_IN_TEXT_RE.findall(text)]
    business_id = next((i for i in ids if is_valid_business_id(i)), None)
    notes = []
    if not business_id:
        notes.append(_("Controller: no valid business ID found, kept as text."))
        return [free_text(section)], notes
    lines = [line.strip() for line in section.lines if line.strip()]
    name = next((_strip_label(line) for line in lines if COMPANY_RE.search(line)), None)
    name = name or _strip_label(lines[0])
    name = BUSINESS_ID_IN_TEXT_RE.sub("", name)
    name = re.sub(r"(y-tunnus|business id|fo-nummer)\s*:?\s*$", "", name, flags=re.I).strip(" ,;–-")
    email = EMAIL_RE.search(text)
    phone = PHONE_RE.search(BUSINESS_ID_IN_TEXT_RE.sub("", text))
    postal = POSTAL_RE.search(text)
    website = URL_RE.search(text)
    street = ""
    for line in lines:
        if BUSINESS_ID_IN_TEXT_RE.search(line) or EMAIL_RE.search(line) or ":" in line:
            continue
        if re.search(r"[A-Za-zÅÄÖåäö]{3,}\s+\d+", line) and not COMPANY_RE.search(line):
            street = _strip_label(line.split(",")[0]) if "," in line else _strip_label(line)
            break
    organisation, created = Organisation.objects.get_or_create(
        business_id=business_id,
        defaults={
            "name": name[:200] or business_id,
            "street_address": street[:200],
            "postal_code": postal.group(1) if postal else "",
            "city": postal.group(2) if postal else "",
            "phone": phone.group(1).strip()[:50] if phone else "",
            "email": email.group(0)[:254] if email else "",
            "website": _normalise_url(website.group(0)) if website else "",
        },
    )
    if not created:
        notes.append(
            _("Controller: using the existing organisation %(name)s.") % {"name": organisation}
        )
    blocks = [
        {
            "type": "controller",
            "value": {
                "heading": section.heading[:200],
                "organisation": organisation.pk,
                "representative": "",
            },
        }
    ]
    # A combined "controller and contact person" section also names the person.
    if section.kind == "controller" and re.search(
        r"yhteyshenkilö|kontaktperson|contact|vastuuhenkilö|ansvarsperson", text, re.I
    ):
        person_lines = _after_label(lines, r"yhteyshenkilö|kontaktperson|contact|vastuuhenkilö")
        if person_lines and EMAIL_RE.search("\n".join(person_lines)):
            person_blocks, person_notes = contact_block(
                Section("", person_lines, "contact_person"), locale, keep_text=False
            )
            if person_blocks and person_blocks[0]["type"] == "contact_person":
                blocks += person_blocks
                notes += person_notes
    # Lines the snippets did not take (a division, a postal box…) stay as text below.
    used = [name, business_id, street, organisation.email, organisation.phone]
    used += [postal.group(0)] if postal else []
    for block in blocks:
        if block["type"] == "contact_person":
            used += block.pop("used", [])
    rest = leftover(section.lines, used)
    if rest:
        with override(locale.language_code):  # page content, in the notice's language
            heading = _("%(heading)s: other details") % {"heading": section.heading}
        blocks.append(free_text(Section(section.heading, rest), heading=heading))
    return blocks, notes


def leftover(lines: list[str], used: list[str]) -> list[str]:
    """The lines that contain none of the values already placed in typed fields."""
    used = [u.strip().lower() for u in used if u and len(u.strip()) > 2]
    out = []
    for line in lines:
        lowered = line.lower()
        compact = BUSINESS_ID_IN_TEXT_RE.sub(lambda m: normalise_business_id(m.group(0)), lowered)
        if line.strip() and any(u in compact or u in lowered for u in used):
            continue
        if re.fullmatch(
            r"\s*(y-tunnus|business id|fo-nummer|puhelin|phone|telefon|sähköposti|e-?mail"
            r"|e-post|yhteyshenkilö|vastuuhenkilö|kontaktperson|contact person)\s*:?\s*",
            lowered,
        ):
            continue
        out.append(line)
    return out if any(line.strip() for line in out) else []


def _normalise_url(url: str) -> str:
    url = url.rstrip(".,;)")
    return url if url.lower().startswith("http") else f"https://{url}"


def _after_label(lines: list[str], label: str) -> list[str]:
    for index, line in enumerate(lines):
        if re.search(label, line, re.I):
            rest = _strip_label(line)
            tail = lines[index + 1 :]
            if rest and not re.fullmatch(label, rest, re.I):
                return [rest, *tail]
            return tail
    return []


def contact_block(section: Section, locale, keep_text: bool = True) -> tuple[list[dict], list[str]]:
    """A contact person block with a ContactPerson snippet, when an email address is given."""
    from .snippets import ContactPerson

    text = "\n".join(section.lines)
    email = EMAIL_RE.search(text)
    if not email:
        return [free_text(section)], [_("Contact person: no email address found, kept as text.")]
    lines = [_strip_label(line) for line in section.lines if line.strip()]
    name = next((line for line in lines if NAME_RE.match(line) and not COMPANY_RE.search(line)), "")
    phone = PHONE_RE.search(text)
    role = ""
    if name:
        after = lines[lines.index(name) + 1 :]
        if after and not EMAIL_RE.search(after[0]) and not PHONE_RE.search(after[0]):
            role = after[0][:200]
    person = ContactPerson.objects.filter(email__iexact=email.group(0), locale=locale).first()
    notes = []
    if person is None:
        person = ContactPerson.objects.create(
            name=(name or email.group(0))[:200],
            role=role,
            email=email.group(0)[:254],
            phone=phone.group(1).strip()[:50] if phone else "",
            locale=locale,
        )
    else:
        notes.append(_("Contact person: using the existing %(name)s.") % {"name": person})
    used = [name, role, email.group(0), phone.group(1) if phone else ""]
    note = text_of(leftover(section.lines, used)) if keep_text else ""
    return [
        {
            "type": "contact_person",
            "value": {"heading": section.heading[:200], "person": person.pk, "note": note},
            "used": [u for u in used if u],
        }
    ], notes


def register_name_block(section: Section) -> list[dict]:
    paras = paragraphs(section.lines)
    if not paras:
        return [free_text(section)]
    return [
        {
            "type": "register_name",
            "value": {
                "heading": section.heading[:200],
                "name": paras[0][:200],
                "description": "\n".join(paras[1:]) if len(paras[0]) <= 200 else "\n".join(paras),
            },
        }
    ]


def rights_block(section: Section) -> list[dict]:
    text = text_of(section.lines)
    # A heading such as "Rätt till insyn" may be the only place that names the right.
    lowered = f"{section.heading}\n{text}".lower()
    rights = [
        {"right": right, "explanation": ""}
        for right, pattern in RIGHT_PATTERNS.items()
        if re.search(pattern, lowered)
    ]
    if not rights:
        return [free_text(section)]
    return [
        {
            "type": "rights",
            "value": {
                "heading": section.heading,
                "intro": text,
                "rights": rights,
                "how_to_exercise": "",
            },
        }
    ]


def transfers_block(section: Section) -> list[dict]:
    text = text_of(section.lines)
    lowered = text.lower()
    if NO_TRANSFER_RE.search(text) and not any(
        re.search(p, lowered) for _k, p in MECHANISM_PATTERNS[:3]
    ):
        return [
            {
                "type": "transfers",
                "value": {"heading": "", "transferred": "no", "transfers": [], "copy_info": ""},
            },
            free_text(section),
        ]
    mechanism = next((k for k, p in MECHANISM_PATTERNS if re.search(p, lowered)), None)
    if mechanism is None:
        return [free_text(section)]
    country = "Yhdysvallat" if US_COUNTRY_RE.search(text) else ""
    return [
        {
            "type": "transfers",
            "value": {
                "heading": section.heading,
                "transferred": "yes",
                "transfers": [
                    {"recipient": "", "country": country, "mechanism": mechanism, "details": text}
                ],
                "copy_info": "",
            },
        }
    ]


NO_DISCLOSURE_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,60}\bluovuteta\b|not (be )?disclosed|lämnas inte ut|inte lämnas ut",
    re.IGNORECASE,
)
NO_AUTOMATED_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,60}\b(tehdä|käytetä|profiloida)|do not|does not|not used|no automated"
    r"|inte|används inte",
    re.IGNORECASE,
)


def recipients_block(section: Section) -> list[dict]:
    """ "Not disclosed" as the typed answer, a list as recipients; the wording stays as text."""
    text = text_of(section.lines)
    items, is_list = _bullets_or_paragraphs(section)
    if NO_DISCLOSURE_RE.search(text) and not re.search(r"\bpaitsi\b|\bexcept\b|\butom\b", text):
        value = {"heading": "", "disclosed": "no", "recipients": []}
        return [{"type": "recipients", "value": value}, free_text(section)]
    if is_list and items:
        value = {
            "heading": section.heading,
            "disclosed": "yes",
            "recipients": [
                {"recipient": i[:200], "reason": i if len(i) > 200 else ""} for i in items
            ],
        }
        return [{"type": "recipients", "value": value}]
    return [free_text(section)]


def automated_block(section: Section) -> list[dict]:
    if NO_AUTOMATED_RE.search(text_of(section.lines)):
        value = {"heading": "", "in_use": "no", "logic": "", "consequences": ""}
        return [{"type": "automated_decisions", "value": value}, free_text(section)]
    return [free_text(section)]


def retention_block(section: Section) -> list[dict]:
    text = text_of(section.lines)
    if not text:
        return [free_text(section)]
    return [
        {
            "type": "retention",
            "value": {
                "heading": section.heading,
                "items": [{"category": section.heading[:200], "period": "", "criteria": text}],
            },
        }
    ]


LEGAL_BASIS_PATTERNS = (
    ("consent", r"suostum|samtyck|consent"),
    ("contract", r"sopimu|avtal|contract"),
    ("legal_obligation", r"lakisääteinen|lakiin perustuv|rättslig förpliktelse|legal obligation"),
    ("legitimate_interests", r"oikeutettu(un)? etu|berättigat intresse|legitimate interest"),
)
SOURCE_KIND_PATTERNS = (
    ("public", r"julki|ytj|kaupparekister|väestötieto|offentlig|handelsregist|public|trade reg"),
    ("generated", r"käytö|lokitie|eväste|användning|loggar|usage|cookie|logs"),
    ("data_subject", r"itse|itseltään|asiakkaalta|själv|kunden|themselves|yourself|customer|you "),
)
MARKETING_RE = re.compile(r"markkinoin|marknadsför|marketing", re.IGNORECASE)


def _bullets_or_paragraphs(section: Section) -> tuple[list[str], bool]:
    paras = paragraphs(section.lines)
    bullets = [BULLET_RE.sub("", p, count=1) for p in paras if BULLET_RE.match(p)]
    return (bullets, True) if bullets and len(bullets) == len(paras) else (paras, False)


def purposes_block(section: Section) -> list[dict]:
    """One purpose per bullet, or one for the whole text; the basis only when it is clear."""
    items, _is_list = _bullets_or_paragraphs(section)
    if not items:
        return [free_text(section)]
    text = text_of(section.lines).lower()
    bases = [basis for basis, pattern in LEGAL_BASIS_PATTERNS if re.search(pattern, text)]
    basis = bases[0] if len(bases) == 1 else ""
    if _is_list:
        purposes = [{"purpose": item[:300], "description": ""} for item in items]
    else:
        first = re.split(r"(?<=[.!?])\s", items[0], maxsplit=1)[0]
        purposes = [{"purpose": first[:300], "description": "\n".join(items)}]
    for purpose in purposes:
        purpose.update(legal_basis=basis, legitimate_interest="", special_category_condition="")
    return [{"type": "purposes", "value": {"heading": section.heading, "purposes": purposes}}]


def data_content_block(section: Section) -> list[dict]:
    items, is_list = _bullets_or_paragraphs(section)
    if not items:
        return [free_text(section)]
    if is_list:
        categories = [{"category": i[:200], "items": i if len(i) > 200 else ""} for i in items]
    else:
        categories = [{"category": section.heading[:200], "items": "\n".join(items)}]
    for category in categories:
        category["special_category"] = False
    return [
        {"type": "data_content", "value": {"heading": section.heading, "categories": categories}}
    ]


def sources_block(section: Section) -> list[dict]:
    items, _is_list = _bullets_or_paragraphs(section)
    if not items:
        return [free_text(section)]
    sources = []
    for item in items:
        lowered = item.lower()
        kind = next(
            (k for k, pattern in SOURCE_KIND_PATTERNS if re.search(pattern, lowered)),
            "third_party",
        )
        sources.append(
            {
                "source": item[:200],
                "kind": kind,
                "publicly_accessible": kind == "public",
                "description": item if len(item) > 200 else "",
            }
        )
    return [{"type": "sources", "value": {"heading": section.heading, "sources": sources}}]


def explained_block(section: Section, block_type: str, field_name: str, **extra) -> list[dict]:
    """A section whose typed block has a text field for the notice's own wording."""
    text = text_of(section.lines)
    if not text:
        return [free_text(section)]
    return [
        {
            "type": block_type,
            "value": {"heading": section.heading, field_name: text, **extra},
        }
    ]


def free_text(section: Section, heading: str | None = None) -> dict:
    return {
        "type": "text",
        "value": {
            "heading": (heading if heading is not None else section.heading)[:200],
            "body": rich_text(section.lines) or "<p></p>",
        },
    }


# -- creating the page ----


def build_body(sections: list[Section], locale) -> tuple[list[dict], list[str]]:
    body: list[dict] = []
    notes: list[str] = []
    seen_single: set[str] = set()
    for section in sections:
        kind = section.kind
        if kind in ("controller", "contact_person", "register_name") and kind in seen_single:
            kind = None  # only one of these per notice; a second one stays as text
        if kind == "controller":
            blocks, extra = controller_block(section, locale)
            notes += extra
            if any(b["type"] == "contact_person" for b in blocks):
                seen_single.add("contact_person")
        elif kind == "contact_person":
            blocks, extra = contact_block(section, locale)
            notes += extra
        elif kind == "register_name":
            blocks = register_name_block(section)
        elif kind == "rights":
            blocks = rights_block(section)
        elif kind == "transfers":
            blocks = transfers_block(section)
        elif kind == "retention":
            blocks = retention_block(section)
        elif kind == "purposes":
            blocks = purposes_block(section)
        elif kind == "data_content":
            blocks = data_content_block(section)
        elif kind == "sources":
            blocks = sources_block(section)
        elif kind == "right_to_object":
            marketing = bool(MARKETING_RE.search(" ".join(section.lines)))
            blocks = explained_block(
                section, "right_to_object", "explanation", direct_marketing=marketing
            )
        elif kind == "complaint":
            blocks = explained_block(section, "complaint", "explanation", authority=None)
        elif kind == "consent_withdrawal":
            blocks = explained_block(section, "consent_withdrawal", "explanation", how="")
        elif kind == "recipients":
            blocks = recipients_block(section)
        elif kind == "automated_decisions":
            blocks = automated_block(section)
        elif kind == "change_policy":
            blocks = explained_block(section, "change_policy", "text")
        elif kind == "cookies":
            blocks = explained_block(section, "cookies", "intro")
        else:
            blocks = [free_text(section)]
        for block in blocks:
            block.pop("used", None)  # bookkeeping, not block data
        if kind:
            seen_single.add(kind)
        body.extend(blocks)
    return body, notes


def default_parent(locale):
    from wagtail.models import Page, Site

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
    from .models import PrivacyNoticePage

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
