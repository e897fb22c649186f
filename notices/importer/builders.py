"""Builders: each turns one recognised section into typed blocks of the notice's body.

A builder fills a typed field only when the section's text says it, and keeps the section's
own words as the block's `wording`, which readers see in place of the site's standard texts:
an imported notice says what its source said, no more and no less. `BUILDERS` maps a section
type to its builder; each returns a `Built`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import ContactPerson, Organisation
from ..validators import is_valid_business_id, normalise_business_id
from ..vocabulary import (
    LEGAL_BASES,
    REQUIREMENT_KINDS,
    RIGHTS,
    SECURITY_MEASURES,
    SOURCE_KIND_SEARCH_ORDER,
    SOURCE_KINDS,
    THIRD_COUNTRIES,
    TRANSFER_MECHANISM_SEARCH_ORDER,
    TRANSFER_MECHANISMS,
    US_PROVIDERS,
)
from .headings import heading_kinds
from .splitting import (
    Section,
    is_bullet,
    paragraphs,
    rich_text_of_paragraphs,
    strip_bullet,
)

# "nimi[at]yritys.fi", "nimi (at) yritys.fi", "nimi[ät]yritys.fi" are addresses too.
OBFUSCATED_AT_RE = re.compile(r"\s*(?:\[\s*(?:at|ät|a)\s*\]|\(\s*(?:at|ät|a)\s*\)|\{at\})\s*", re.I)
OBFUSCATED_DOT_RE = re.compile(r"\s*(?:\[\s*(?:dot|piste|punkt)\s*\]|\(\s*(?:dot|piste)\s*\))\s*")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<![\w-])(\+?\d[\d ()-]{5,}\d)(?![\w-])")
BUSINESS_ID_IN_TEXT_RE = re.compile(r"\b(\d{6,7}\s?[-–]\s?\d)\b")
POSTAL_RE = re.compile(r"\b((?:FI-|SE-|S-)?\d{3} ?\d{2})\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]+)")
URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
NAME_RE = re.compile(r"^[A-ZÅÄÖÜ][\wåäöéü'-]+(?:[ -][A-ZÅÄÖÜ][\wåäöéü'-]+){1,3}$", re.UNICODE)
COMPANY_RE = re.compile(
    r"\b(oy|oyj|ab|ay|ky|tmi|ltd|gmbh|inc|llc|ry|osuuskunta|säätiö|as|aps|publ|plc)\b\.?",
    re.IGNORECASE,
)
LABEL_RE = re.compile(r"^[\w\s/-]{2,30}:\s*")
# "Viranomaiset: Voimme luovuttaa…": a paragraph that names its topic before a colon.
LABELLED_RE = re.compile(r"^([^:.!?]{2,90}?)\s*:\s+(\S.*)$", re.S)
PERSON_LABEL_RE = re.compile(
    r"yhteyshenkilö|yhteys henkilö|vastuuhenkilö|kontaktperson|ansvarsperson|contact person"
    r"|contact|yhteydenotot",
    re.IGNORECASE,
)
COUNTRY_IN_ADDRESS_RE = re.compile(
    r"^\s*(suomi|finland|sverige|sweden|norge|norway|danmark)\s*$", re.I
)
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9(])")

NEGATION = r"\b(ei|eikä|emme|emmekä|en|not|never|no|inte|ej|aldrig|inga|ingen)\b"
NO_TRANSFER_RE = re.compile(
    NEGATION + r"[^.]{0,80}\b(siirretä|siirrä|siirrä|luovuteta|transfer(red)?|överförs|överför)"
    r"|not (be )?transferred|överförs inte|inte överförs",
    re.IGNORECASE,
)
CONDITIONAL_RE = re.compile(
    r"\b(ellei|paitsi|lukuun ottamatta|mikäli|unless|except|other than|om inte|utom|förutom)\b",
    re.IGNORECASE,
)
OUTSIDE_RE = re.compile(
    r"ulkopuol|outside the (eu|eea|european)|utanför (eu|ees|europa)|kolmansi\w* mai|third "
    r"countr|tredje land",
    re.IGNORECASE,
)
NO_DISCLOSURE_RE = re.compile(
    NEGATION + r"[^.]{0,60}\b(luovuteta|luovuta|disclose[ds]?|share[ds]?|lämnas ut|lämnar ut)"
    r"|not (be )?disclosed|lämnas inte ut|inte lämnas ut|ei luovuteta",
    re.IGNORECASE,
)
EXCEPTION_RE = re.compile(
    r"\b(paitsi|lukuun ottamatta|ellei|except|unless|other than|utom|förutom|om inte)\b", re.I
)
PROCESSOR_TEXT_RE = re.compile(
    r"puolestamme|lukuumme|toimeksiannost|alihankkij|käsittelijä|palveluntarjoaj"
    r"|on our behalf|processors?\b|sub-?contractor|service providers?|för vår räkning|biträd"
    r"|underleverantör",
    re.IGNORECASE,
)
AUTOMATED_WORDS = r"(automaatti|profiloi|profilointi|automat|profil)"
NO_AUTOMATED_RE = re.compile(
    NEGATION + r"[^.]{0,80}" + AUTOMATED_WORDS + "|" + AUTOMATED_WORDS + r"[^.]{0,60}"
    r"\b(ei käytetä|ei tehdä|ei tapahdu|not used|is not|are not|används inte|förekommer inte"
    r"|sker inte)\b",
    re.IGNORECASE,
)
YES_AUTOMATED_RE = re.compile(
    r"\b(käytämme|teemme|profiloimme|we use|we make|we profile|använder vi|vi använder)\b"
    r"[^.]{0,60}" + AUTOMATED_WORDS,
    re.IGNORECASE,
)
NO_DPO_RE = re.compile(
    r"(ei|emme)\b[^.]{0,60}\b(nimitetty|nimittänyt|nimittäneet|nimetty|ole tietosuojavastaav"
    r"|tietosuojavastaavaa)|tietosuojavastaavaa ei|(inte|ej)\b[^.]{0,40}\b(utsett|utnämnt"
    r"|dataskyddsombud)|inget dataskyddsombud|(not|no)\b[^.]{0,40}\b(appointed|designated"
    r"|data protection officer)",
    re.IGNORECASE,
)
TRANSFER_SENTENCE_RE = re.compile(r"siirr|siirtä|transfer|överför", re.IGNORECASE)
EU_RE = re.compile(r"eu:n|euroopan unionin|\beu\b|\beta\b|\beea\b|\bees\b", re.IGNORECASE)
DISCLOSURE_WORD_RE = re.compile(
    r"luovut|käytössä|palveluntarjoaj|disclos|share|lämna|delas|jaetaan|recipient|vastaanottaj",
    re.IGNORECASE,
)
# "Luovutamme tietoja kuljetusyhtiölle, …", "We share data with …": who follows the verb.
RECIPIENT_LISTING_RE = re.compile(
    r"\b(luovutamme|luovutetaan|voimme luovuttaa|we disclose|we share|we may disclose|are "
    r"disclosed to|are shared with|lämnar vi ut|lämnas ut till|lämnar ut)\b\s*(?:(?:henkilö)?"
    r"tietoja|(?:personal )?data|(?:person)?uppgifter)?\s*(?:to|with|till)?\s+(?P<rest>.+)",
    re.IGNORECASE,
)
MARKETING_RE = re.compile(
    r"markkinoin|suoramainon|suoramark|marknadsför|direktreklam|marketing", re.IGNORECASE
)
SOURCE_SENTENCE_RE = re.compile(
    r"\b(saadaan|saamme|kerätään|keräämme|saadut|hankitaan|obtained|collected from|we get"
    r"|we receive|we collect|we obtain|erhålls|får vi|samlas in|hämtas|inhämtas)\b",
    re.IGNORECASE,
)
MANUAL_RE = re.compile(
    r"manuaali|paperi|tuloste|lukitu|lukitt|manual|paper|printed|manuell|pappers|utskrift",
    re.IGNORECASE,
)
ELECTRONIC_RE = re.compile(
    r"sähköi|tietojärjestelm|tietokan|palvelin|salasan|käyttäjätunnu|palomuur|salat|salau"
    r"|tietoteknis|electronic|system|database|server|password|firewall|encrypt|elektronisk"
    r"|datasystem|databas|lösenord|brandvägg|krypter",
    re.IGNORECASE,
)
# What a security text must say before a measure is ticked for it.
MEASURE_PATTERNS = {
    "access_control": r"käyttöoikeu|pääsy .*rajoitet|vain .*(henkilö|työntekijä)|access (rights"
    r"|is (limited|restricted))|behörighet|åtkomst",
    "authentication": r"monivaihei|kaksivaihei|multi-?factor|two-?factor|tvåfaktor|flerfaktor",
    "encryption_transit": r"(salat|salaus|salattu)\w*[^.]{0,40}(yhtey|tietoliikenn)|(yhtey"
    r"|tietoliikenn)\w*[^.]{0,40}salat|https|\btls\b|\bssl\b|encrypted connection|krypterad "
    r"förbindelse",
    "encryption_rest": r"tietokan\w*[^.]{0,30}salat|salat\w*[^.]{0,30}tietokan|encrypted "
    r"(storage|database|at rest)|krypterad lagring",
    "backups": r"varmuuskop|varmistus|backup|säkerhetskopi",
    "logging": r"lokitie|lokit|kirjautumiset tallennet|logging|\blogs?\b|loggning|loggar",
    "premises": r"lukitu|lukitt|valvotu|valvoti|locked|supervised premises|låst",
}
# Labels of a paragraph in a rights section, and the section type each belongs to.
RIGHTS_PARAGRAPH_KINDS = ("consent_withdrawal", "complaint", "right_to_object")
COMPLAINT_TEXT_RE = re.compile(
    r"(valitu|valitta|kantelu)\w*[^.]{0,80}(viranomai|tietosuojavaltuut)|tietosuojavaltuutet"
    r"|complain\w*[^.]{0,60}(authorit|ombudsman)|lodge a complaint|klago\w*[^.]{0,60}"
    r"(myndighet)|integritetsskyddsmyndighet",
    re.IGNORECASE,
)
WITHDRAWAL_TEXT_RE = re.compile(
    r"peru\w*[^.]{0,40}suostumu|suostumu\w*[^.]{0,40}peru|withdraw\w*[^.]{0,40}consent"
    r"|återkalla\w*[^.]{0,40}samtycke",
    re.IGNORECASE,
)
OBJECTION_TEXT_RE = re.compile(
    r"vastusta|kieltää\w*[^.]{0,60}(markkin|mainon|mainokse|käsittely|luovut)|object to"
    r"|right to object|invända|motsätta",
    re.IGNORECASE,
)
DURATION_RE = re.compile(
    r"\b(\d+|yksi|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|kymmenen|one|two|three"
    r"|four|five|six|seven|ten|ett|två|tre|fyra|fem|sex|sju|tio)\s+(vuo\w*|kuukau\w*|päiv\w*"
    r"|viiko\w*|years?|months?|days?|weeks?|år|månad\w*|dag\w*|veck\w*)",
    re.IGNORECASE,
)
STATUTORY_RE = re.compile(
    r"lakisääteinen|laki\w* (edellyttää|velvoittaa)|lain (mukaan|edellyttämä)|required by law"
    r"|statutory|legal obligation|lagstadgad|enligt lag|lagen kräver",
    re.IGNORECASE,
)
CONTRACTUAL_RE = re.compile(
    r"sopimuksen (tekemisen|solmimisen|täyttämisen) (edellytys|ehto)|edellytys sopimu"
    r"|to enter into a contract|contractual requirement|required (for|to perform) the "
    r"contract|för att (ingå|fullgöra) avtal"
    # "We cannot deliver an order without a name": what the contract cannot do without.
    r"|(emme voi|ei voida|we cannot|we can ?not|vi kan inte)[^.;]{0,80}\b(ilman|without|utan)\b",
    re.IGNORECASE,
)
VOLUNTARY_RE = re.compile(r"vapaaehtoi|voluntary|frivillig", re.IGNORECASE)
CONSEQUENCE_RE = re.compile(
    r"\b(jos|mikäli|if|om)\b[^.]{0,80}\b(ei|not|inte|jätä)\b|\b(emme voi|we cannot|we can ?not"
    r"|vi kan inte|ei voida|cannot)\b",
    re.IGNORECASE,
)
ENUMERATION_SPLIT_RE = re.compile(r",\s+|\s+(?:ja|sekä|tai|and|or|och|eller)\s+", re.IGNORECASE)
MAX_CHAR_FIELD = 200


@dataclass
class BuildContext:
    """What a builder may need beyond the section: the notice's language, who imports it,
    which section types the notice has, and whether the site's standard texts are wanted."""

    locale: object
    user: object = None
    present: set[str] = field(default_factory=set)
    standard_texts: bool = False
    # The organisation's contact details, for a contact person given without their own.
    controller_email: str = ""

    def may_add(self, model) -> bool:
        """Whether this import may create a record of `model` (a snippet) for the user."""
        if self.user is None:  # the command line: whoever runs it runs the site
            return True
        return ModelPermissionPolicy(model).user_has_permission(self.user, "add")

    def may_use(self, model) -> bool:
        if self.user is None:
            return True
        return ModelPermissionPolicy(model).user_has_any_permission(
            self.user, ["add", "change", "delete", "choose", "view"]
        )


@dataclass
class Built:
    """A builder's result: the blocks, notes for the person importing, the values it placed in
    typed fields (so a text kept beside them can leave those out), and the section types its
    blocks answer."""

    blocks: list[dict]
    notes: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    def has(self, block_type: str) -> bool:
        return any(block["type"] == block_type for block in self.blocks)

    @property
    def types(self) -> list[str]:
        return [block["type"] for block in self.blocks]


Builder = Callable[[Section, BuildContext], Built]


# -- text helpers ----


def deobfuscate(text: str) -> str:
    """ "nimi[at]yritys.fi" as the address it stands for."""
    text = OBFUSCATED_AT_RE.sub("@", text)
    return OBFUSCATED_DOT_RE.sub(".", text)


def find_email(text: str) -> str:
    match = EMAIL_RE.search(deobfuscate(text))
    return match.group(0).rstrip(".") if match else ""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT_RE.split(text) if s.strip()]


def wording_of(paras: list[str]) -> str:
    return rich_text_of_paragraphs(paras) if paras else ""


def section_paragraphs(section: Section) -> list[str]:
    paras = paragraphs(section.lines)
    # A table row's heading longer than a heading may be keeps its whole text in the section.
    if len(section.heading) > MAX_CHAR_FIELD:
        paras = [section.heading, *paras]
    return paras


def block(block_type: str, section: Section | None, paras: list[str], **value) -> dict:
    heading = section.heading[:MAX_CHAR_FIELD] if section is not None else ""
    value = {"heading": value.pop("heading", heading), **value, "wording": wording_of(paras)}
    return {"type": block_type, "value": value}


def free_text(section: Section, paras: list[str] | None = None, heading: str | None = None):
    paras = section_paragraphs(section) if paras is None else paras
    return {
        "type": "text",
        "value": {
            "heading": (heading if heading is not None else section.heading)[:MAX_CHAR_FIELD],
            "body": rich_text_of_paragraphs(paras) or "<p></p>",
        },
    }


def as_text(section: Section, context: BuildContext | None = None) -> Built:
    return Built([free_text(section)])


def labelled(para: str) -> tuple[str, str] | None:
    """("Viranomaiset", "Voimme luovuttaa…") for a paragraph that names its topic first."""
    match = LABELLED_RE.match(strip_bullet(para) if is_bullet(para) else para)
    if not match:
        return None
    label, rest = match.group(1).strip(), match.group(2).strip()
    if len(label.split()) > 8 or EMAIL_RE.search(label) or re.search(r"https?$", label):
        return None
    return label, rest


def enumeration(text: str) -> list[str]:
    """The items of a listing sentence: what follows its colon, split at commas and "ja"."""
    if ": " in text:
        text = text.split(": ", 1)[1]
    text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x00"), text)
    items = [i.replace("\x00", ",").strip(" .;") for i in ENUMERATION_SPLIT_RE.split(text)]
    return [i for i in items if i and len(i) <= MAX_CHAR_FIELD]


def items_of(paras: list[str]) -> tuple[list[str], list[str]]:
    """A section's bullets, and its other paragraphs."""
    bullets = [strip_bullet(p) for p in paras if is_bullet(p)]
    rest = [p for p in paras if not is_bullet(p)]
    return bullets, rest


def first_sentence(text: str, limit: int = 300) -> str:
    first = sentences(text)[0] if sentences(text) else text
    return first[:limit]


def in_language(context: BuildContext, message: str) -> str:
    with override(context.locale.language_code):
        return str(message)


# -- controller and contact person ----


def _strip_label(line: str) -> str:
    return LABEL_RE.sub("", line).strip() if ":" in line[:32] else line.strip()


def _normalise_url(url: str) -> str:
    url = url.rstrip(".,;)")
    return url if url.lower().startswith("http") else f"https://{url}"


def _organisation_can_lack_business_id() -> bool:
    return Organisation._meta.get_field("business_id").blank


def _person_lines(lines: list[str]) -> tuple[list[str], str]:
    """The lines after a "Yhteyshenkilö:" label, and the label itself."""
    for index, line in enumerate(lines):
        if PERSON_LABEL_RE.search(line.split(":")[0]) and len(line.split(":")[0].split()) <= 5:
            label = line.split(":")[0].strip()
            rest = _strip_label(line) if ":" in line else ""
            tail = lines[index + 1 :]
            return ([rest, *tail] if rest else tail), label
    return [], ""


def _source_lines(lines: list[str], picked: list[str]) -> list[str]:
    """The section's own lines (labels included) that the picked, label-less lines came from."""
    wanted = {p.strip() for p in picked if p.strip()}
    return [
        line.strip()
        for line in lines
        if line.strip() and (line.strip() in wanted or _strip_label(line.strip()) in wanted)
    ]


def _line_parts(lines: list[str]) -> list[str]:
    """Each line, and its comma-separated parts: "Nimi Sukunimi, rooli, puhelin, email"."""
    parts: list[str] = []
    for line in lines:
        stripped = _strip_label(line)
        parts.append(stripped)
        if ", " in stripped:
            parts.extend(part.strip() for part in stripped.split(", "))
    return parts


# A job title written before the name ("Asiakaspalvelupäällikkö Elina Rautio").
TITLE_WORD_RE = re.compile(
    r"^\w*(päällikkö|johtaja|vastaava|asiantuntija|koordinaattori|sihteeri|esihenkilö|esimies"
    r"|yrittäjä|omistaja|manager|officer|director|chef|ansvarig|ombud|samordnare)$",
    re.IGNORECASE,
)


def _split_title(name: str) -> tuple[str, str]:
    first, _space, rest = name.partition(" ")
    if TITLE_WORD_RE.match(first) and len(rest.split()) >= 2:
        return rest, first
    return name, ""


def _person_name(lines: list[str]) -> str:
    for candidate in _line_parts(lines):
        if (
            NAME_RE.match(candidate)
            and not COMPANY_RE.search(candidate)
            and not heading_kinds(candidate)
            and not EMAIL_RE.search(deobfuscate(candidate))
        ):
            return candidate
    return ""


def controller(section: Section, context: BuildContext) -> Built:
    """A controller block with an Organisation snippet: name, business ID, every address line,
    phone, email and website as the text gives them."""
    paras = section_paragraphs(section)
    lines = [line.strip() for line in section.lines if line.strip()]
    text = "\n".join(lines)
    ids = [normalise_business_id(m) for m in BUSINESS_ID_IN_TEXT_RE.findall(text)]
    business_id = next((i for i in ids if is_valid_business_id(i)), "")
    names_person = "contact_person" in section.kinds or PERSON_LABEL_RE.search(text)
    person_lines, person_label = _person_lines(lines) if names_person else ([], "")
    company_index = next(
        (i for i, line in enumerate(lines) if COMPANY_RE.search(line.split(":")[-1])), None
    )
    if names_person and not person_lines and company_index is not None:
        # "Yritys Oy / Etunimi Sukunimi / puhelin / email" without a label: the person follows.
        person_lines = lines[company_index + 1 :]
    person_name = _person_name(person_lines) if person_lines else ""
    if not person_name:
        person_lines = []
    org_lines = [line for line in lines if line not in person_lines]
    name_line = next((line for line in org_lines if COMPANY_RE.search(line)), "")
    name = _strip_label(name_line or (org_lines[0] if org_lines else ""))
    name = BUSINESS_ID_IN_TEXT_RE.sub("", name)
    # "Yritys Oy (Y-tunnus 1234567-8)": the parentheses go with the number.
    name = re.sub(
        r"\s*\(\s*(y-tunnus|business id|fo-nummer|org\.? ?nr)?\s*:?\s*\)", "", name, flags=re.I
    )
    name = re.sub(r"(y-tunnus|business id|fo-nummer|org\.? ?nr)\s*:?\s*$", "", name, flags=re.I)
    name = name.strip(" ,;–-")
    org_text = "\n".join(org_lines)
    email = find_email(org_text) or (find_email(text) if not person_name else "")
    phone = PHONE_RE.search(BUSINESS_ID_IN_TEXT_RE.sub("", org_text))
    postal = POSTAL_RE.search(org_text)
    website = URL_RE.search(org_text)
    street_parts: list[str] = []
    country = ""
    for line in org_lines:
        if COUNTRY_IN_ADDRESS_RE.match(line):
            country = line.strip()
            continue
        if (
            line == name_line
            or BUSINESS_ID_IN_TEXT_RE.search(line)
            or EMAIL_RE.search(deobfuscate(line))
        ):
            continue
        if URL_RE.search(line) or (
            ":" in line[:32] and not re.match(r"\s*(osoite|address|adress)", line, re.I)
        ):
            continue
        value = _strip_label(line)
        if postal and postal.group(0) in value:
            before = value.split(postal.group(0))[0].strip(" ,")
            if before:
                street_parts.append(before)
            break
        if re.search(r"[A-Za-zÅÄÖåäö]{2,}\.?\s*\d+|\b(PL|PB|PO Box|Box)\s*\d+", value):
            street_parts.append(value)
    built = Built([])
    organisation = None
    if business_id or _organisation_can_lack_business_id():
        existing = (
            Organisation.objects.filter(business_id=business_id).first() if business_id else None
        )
        if existing is not None and context.may_use(Organisation):
            organisation = existing
            built.notes.append(
                _("Controller: using the existing organisation %(name)s.") % {"name": existing}
            )
        elif existing is None and context.may_add(Organisation) and name:
            organisation = Organisation.objects.create(
                name=name[:200],
                business_id=business_id,
                street_address=", ".join(street_parts)[:200],
                postal_code=postal.group(1) if postal else "",
                city=postal.group(2) if postal else "",
                country=country[:100],
                phone=phone.group(1).strip()[:50] if phone else "",
                email=email[:254],
                website=_normalise_url(website.group(0)) if website else "",
            )
        elif existing is None and name:
            built.notes.append(
                _(
                    "Controller: you may not add organisations, so the controller is kept as "
                    "the notice's text. Ask someone who may add organisations to create it."
                )
            )
    else:
        built.notes.append(
            _("Controller: no valid business ID found, so no organisation record was made.")
        )
    if person_name:
        # The person's lines are the contact person's section; the rest is the controller's.
        person_source = _source_lines(section.lines, person_lines)
        controller_paras = paragraphs([x for x in section.lines if x.strip() not in person_source])
        if len(section.heading) > MAX_CHAR_FIELD:
            controller_paras.insert(0, section.heading)
    else:
        person_source, controller_paras = [], paras
    built.blocks.append(
        block(
            "controller",
            section,
            controller_paras,
            organisation=organisation.pk if organisation else None,
            representative="",
        )
    )
    context.controller_email = email or context.controller_email
    if organisation:
        built.used = [name, business_id, *street_parts, organisation.email, organisation.phone]
        built.used += [postal.group(0)] if postal else []
    # A combined "controller and contact person" section also names the person.
    if person_name:
        person = contact_person(
            Section("", person_source, "contact_person"),
            context,
            role_hint=person_label,
            fallback_email=email or find_email(text),
        )
        if person.has("contact_person"):
            built.blocks += person.blocks
            built.used += person.used
        built.notes += person.notes
    return built


def contact_person(
    section: Section, context: BuildContext, role_hint: str = "", fallback_email: str = ""
) -> Built:
    """A contact person block with a ContactPerson snippet: a name (never an email address),
    role, email and phone as the text gives them."""
    paras = section_paragraphs(section)
    text = "\n".join(section.lines)
    own_email = find_email(text)
    email = own_email or fallback_email or context.controller_email
    lines = [line.strip() for line in section.lines if line.strip()]
    label_lines, label = _person_lines(lines)
    name = _person_name(label_lines or lines)
    if not email or not name:
        why = (
            _("Contact person: no email address found, kept as text.")
            if not email
            else _("Contact person: no name found, kept as text.")
        )
        return Built([free_text(section)] if section.heading else [], notes=[why])
    phone = PHONE_RE.search(BUSINESS_ID_IN_TEXT_RE.sub("", text))
    role = ""
    parts = _line_parts(lines)
    after = parts[parts.index(name) + 1 :] if name in parts else []
    if after and not EMAIL_RE.search(deobfuscate(after[0])) and not PHONE_RE.search(after[0]):
        if len(after[0]) <= 80 and ":" not in after[0]:
            role = after[0]
    name, title = _split_title(name)
    role = role or title or (label or role_hint)
    if role and PERSON_LABEL_RE.fullmatch(role.strip()) and role.lower().startswith("yhteys"):
        role = ""  # "Yhteyshenkilö" says nothing a contact person section does not
    locale = context.locale
    person = ContactPerson.objects.filter(email__iexact=email, locale=locale, name=name).first()
    notes = []
    if person is not None and context.may_use(ContactPerson):
        notes.append(_("Contact person: using the existing %(name)s.") % {"name": person})
    elif person is None and context.may_add(ContactPerson):
        person = ContactPerson.objects.create(
            name=name[:200],
            role=role[:200],
            email=email[:254],
            phone=phone.group(1).strip()[:50] if phone else "",
            locale=locale,
        )
        if not own_email:
            notes.append(
                _(
                    "Contact person: %(name)s is given no address of their own; requests go to "
                    "%(email)s, the address the notice gives."
                )
                % {"name": name, "email": email}
            )
    else:
        notes.append(
            _(
                "Contact person: you may not add contact persons, so %(name)s is kept as the "
                "notice's text. Ask someone who may add contact persons to create the record."
            )
            % {"name": name}
        )
        return Built([free_text(section)] if section.heading else [], notes=notes)
    used = [u for u in (name, role, email, phone.group(1) if phone else "") if u]
    value_block = block("contact_person", section, paras, person=person.pk, note="")
    return Built([value_block], notes=notes, used=used)


def data_protection_officer(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    text = " ".join(paras)
    notes = []
    person_pk = None
    if NO_DPO_RE.search(text):
        designated = "no"
    elif find_email(text) and _person_name([line.strip() for line in section.lines]):
        designated = "yes"
        person = contact_person(Section("", section.lines, "contact_person"), context)
        if person.has("contact_person"):
            person_pk = person.blocks[0]["value"]["person"]
        else:
            designated = ""
        notes += person.notes
    else:
        designated = ""  # the text does not say; the editor answers
    value = block(
        "data_protection_officer", section, paras, designated=designated, person=person_pk, note=""
    )
    return Built([value], notes=notes)


# -- what the notice says ----


def register_name(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    if not paras:
        return as_text(section)
    description = "\n".join(paras[1:]) if len(paras[0]) <= MAX_CHAR_FIELD else "\n".join(paras)
    name = paras[0][:MAX_CHAR_FIELD]
    return Built([block("register_name", section, paras, name=name, description=description)])


def _basis_of(text: str) -> str:
    bases = LEGAL_BASES.found_in(text)
    return bases[0].code if len(bases) == 1 else ""


def _purpose_items(para: str) -> list[str]:
    """A paragraph whose sentences give different legal bases holds one purpose per basis
    ("…sopimuksen perusteella. Lähetämme tiedotteen oikeutetun etumme perusteella.")."""
    parts = sentences(para)
    bases = [_basis_of(part) for part in parts]
    if len(parts) < 2 or len({basis for basis in bases if basis}) < 2:
        return [para]
    items: list[str] = []
    for part, basis in zip(parts, bases, strict=True):
        if basis or not items:
            items.append(part)
        else:  # a sentence naming no basis describes the purpose before it
            items[-1] = f"{items[-1]} {part}"
    return items


def purposes(section: Section, context: BuildContext) -> Built:
    """One purpose per bullet, or per paragraph; the legal basis of each from its own words,
    or from the section's one declared basis ("Sopimus: …"), never guessed from another's."""
    paras = section_paragraphs(section)
    if not paras:
        return as_text(section)
    bullets, rest = items_of(paras)
    declared: list[str] = []
    purpose_paras: list[str] = []
    for para in rest:
        label = labelled(para)
        if label and LEGAL_BASES.found_in(label[0]):
            declared += [t.code for t in LEGAL_BASES.found_in(label[0])]
        elif para.rstrip().endswith(":"):
            # "Käsittelemme tietoja seuraavilla perusteilla:" leads into a list.
            bases = LEGAL_BASES.found_in(para)
            declared += [t.code for t in bases]
        elif not bullets:
            purpose_paras.extend(_purpose_items(para))
    declared = list(dict.fromkeys(declared))
    section_basis = declared[0] if len(declared) == 1 else ""
    listed = []
    for item in bullets or purpose_paras:
        own = _basis_of(item)
        name = item if bullets else first_sentence(item)
        description = "" if bullets or name == item else item
        basis = own or section_basis
        interest = item if basis == "legitimate_interests" and own else ""
        listed.append(
            {
                "purpose": name[:300],
                "description": description,
                "legal_basis": basis,
                "legitimate_interest": interest,
                "special_category_condition": "",
            }
        )
    if not listed:
        return as_text(section)
    built = Built([block("purposes", section, paras, purposes=listed)])
    if "data_content" in section.also:
        built.notes.append(_("Purposes: the data listed with them stay in the purposes' text."))
    return built


def data_subjects(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    bullets, rest = items_of(paras)
    names = bullets or [item for para in rest for item in enumeration(para)]
    if not names:
        return as_text(section)
    groups = [{"group": name[:MAX_CHAR_FIELD], "description": ""} for name in names]
    return Built([block("data_subjects", section, paras, groups=groups)])


def _source_kind(text: str) -> str:
    found = (code for code in SOURCE_KIND_SEARCH_ORDER if SOURCE_KINDS[code].found_in(text))
    return next(found, "third_party")


def _sources_from(items: list[str]) -> list[dict]:
    listed = []
    for item in items:
        kind = _source_kind(item.lower())
        listed.append(
            {
                "source": item[:MAX_CHAR_FIELD],
                "kind": kind,
                "publicly_accessible": kind == "public",
                "description": item if len(item) > MAX_CHAR_FIELD else "",
            }
        )
    return listed


def data_content(section: Section, context: BuildContext) -> Built:
    """Categories of data: each bullet, or a label line over its bullets; sentences about
    where the data come from become the sources section the heading also names."""
    paras = section_paragraphs(section)
    if not paras:
        return as_text(section)
    source_paras = []
    if "sources" in section.also:
        source_paras = [p for p in paras if not is_bullet(p) and SOURCE_SENTENCE_RE.search(p)]
    content_paras = [p for p in paras if p not in source_paras]
    categories: list[dict] = []
    label = ""
    pending: list[str] = []

    def close() -> None:
        nonlocal label, pending
        if label and pending:
            categories.append({"category": label[:MAX_CHAR_FIELD], "items": "\n".join(pending)})
        else:
            categories.extend(
                {"category": p[:MAX_CHAR_FIELD], "items": p if len(p) > MAX_CHAR_FIELD else ""}
                for p in pending
            )
        label, pending = "", []

    for para in content_paras:
        if is_bullet(para):
            pending.append(strip_bullet(para).rstrip(",;"))
        elif len(para.split()) <= 3 and not para.endswith("."):
            close()
            label = para.rstrip(":")
        else:
            close()
    close()
    if not categories:
        text = "\n".join(content_paras)
        categories = [{"category": section.heading[:MAX_CHAR_FIELD], "items": text}]
    for category in categories:
        category["special_category"] = False
    built = Built([block("data_content", section, content_paras, categories=categories)])
    if source_paras:
        items = [s for p in source_paras for s in sentences(p)]
        built.blocks.append(
            block("sources", None, source_paras, heading="", sources=_sources_from(items))
        )
    return built


def sources(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    bullets, rest = items_of(paras)
    items = bullets or [s for p in rest for s in sentences(p)]
    if not items:
        return as_text(section)
    return Built([block("sources", section, paras, sources=_sources_from(items))])


def _named_providers(text: str) -> list:
    return US_PROVIDERS.found_in(text)


def recipients(section: Section, context: BuildContext) -> Built:
    """ "Not disclosed" as the typed answer when the text says so without exceptions; else the
    recipients from labelled paragraphs, bullets or the sentences that name them. Sentences
    about transfers outside the EU/EEA become a transfers section when the notice has none."""
    paras = section_paragraphs(section)
    if not paras:
        return as_text(section)
    transfer_paras: list[str] = []
    own = paras
    if "transfers" not in context.present or "transfers" in section.also:
        # Sentence by sentence: a paragraph on disclosures may end with one on transfers.
        own = []
        for para in paras:
            kept = []
            for sentence in sentences(para) if not is_bullet(para) else [para]:
                if TRANSFER_SENTENCE_RE.search(sentence) and (
                    OUTSIDE_RE.search(sentence) or EU_RE.search(sentence)
                ):
                    transfer_paras.append(sentence)
                else:
                    kept.append(sentence)
            if kept:
                own.append(" ".join(kept))
    text = " ".join(own)
    built = Built([])
    if not own:
        pass
    elif PROCESSOR_TEXT_RE.search(text) and not re.search(
        r"viranomai|authorit|myndighet|perintä|collection agenc", text, re.I
    ):
        built = processors(Section(section.heading, own, "processors"), context)
    elif NO_DISCLOSURE_RE.search(text) and not EXCEPTION_RE.search(text):
        built.blocks.append(block("recipients", section, own, disclosed="no", recipients=[]))
    else:
        listed = []
        for para in own:
            label = labelled(para)
            if label:
                listed.append({"recipient": label[0][:MAX_CHAR_FIELD], "reason": label[1]})
            elif is_bullet(para):
                item = strip_bullet(para)
                listed.append(
                    {
                        "recipient": item[:MAX_CHAR_FIELD],
                        "reason": item if len(item) > MAX_CHAR_FIELD else "",
                    }
                )
        if not listed:
            for sentence in sentences(text):
                exception = EXCEPTION_RE.search(sentence)
                if not DISCLOSURE_WORD_RE.search(sentence):
                    continue
                if exception and not NO_DISCLOSURE_RE.search(sentence[exception.end() :]):
                    clause = sentence[exception.end() :].strip(" ,.")
                    listed.append({"recipient": clause[:MAX_CHAR_FIELD], "reason": sentence})
                elif listing := RECIPIENT_LISTING_RE.search(sentence):
                    listed += [
                        {"recipient": item, "reason": sentence}
                        for item in enumeration(listing.group("rest"))
                    ]
                elif re.search(
                    r"luovut|disclos|lämna|share|jaetaan|palveluntarjoaj", sentence, re.I
                ):
                    listed.append(
                        {"recipient": first_sentence(sentence, MAX_CHAR_FIELD), "reason": sentence}
                    )
        built.blocks.append(
            block(
                "recipients",
                section,
                own,
                disclosed="yes" if listed else "",
                recipients=listed,
            )
        )
    if transfer_paras:
        derived = transfers(Section("", transfer_paras, "transfers"), context)
        built.blocks += derived.blocks
        built.notes += derived.notes
        built.notes.append(
            _(
                "%(heading)s: what it says about transfers outside the EU/EEA is a transfers "
                "section of its own."
            )
            % {"heading": section.heading}
        )
    return built


def processors(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    bullets, rest = items_of(paras)
    text = " ".join(paras)
    names = bullets
    if not names:
        for para in rest:
            if para.rstrip().endswith(":") or re.search(r":\s", para):
                names += enumeration(para)
    if not names:
        names = [provider.label for provider in _named_providers(text)]
    if not names:
        about = [s for s in sentences(text) if PROCESSOR_TEXT_RE.search(s)]
        names = [(about or sentences(text) or [""])[0][:MAX_CHAR_FIELD]] if text else []
    if not names:
        return as_text(section)
    listed = []
    for name in names:
        location = ""
        if OUTSIDE_RE.search(name):
            location = "outside"
        elif re.search(r"eu:n sisä|eta-alueella|within the (eu|eea)|inom (eu|ees)", name, re.I):
            location = "eu"
        listed.append({"name": name[:MAX_CHAR_FIELD], "service": "", "location": location})
    return Built([block("processors", section, paras, intro="", processors=listed)])


def _country(text: str, context: BuildContext) -> str:
    found = THIRD_COUNTRIES.found_in(text)
    return in_language(context, found[0].label) if found else ""


def transfers(section: Section, context: BuildContext) -> Built:
    """ "Not transferred" only when the text says so and names no outside service, third
    country, Privacy Shield or exception; a transfer per service the text names."""
    paras = section_paragraphs(section)
    text = " ".join(paras)
    if not text:
        return as_text(section)
    mechanisms = [
        code for code in TRANSFER_MECHANISM_SEARCH_ORDER if TRANSFER_MECHANISMS[code].found_in(text)
    ]
    providers = _named_providers(text)
    country = _country(text, context)
    privacy_shield = re.search(r"privacy[\s-]*shield", text, re.I)
    says_no = NO_TRANSFER_RE.search(text)
    # A service "where the data are stored outside the EU": a positive outside statement.
    positive = [
        s
        for s in sentences(text)
        if OUTSIDE_RE.search(s)
        and not NO_TRANSFER_RE.search(s)
        or re.search(r"\bsiirretään\b|\bare transferred\b|\böverförs\b", s, re.I)
        and not NO_TRANSFER_RE.search(s)
    ]
    conditional = [
        s for s in sentences(text) if NO_TRANSFER_RE.search(s) and CONDITIONAL_RE.search(s)
    ]
    if says_no and not (providers or country or privacy_shield or positive or conditional):
        if set(mechanisms) - {"adequacy"}:
            says_no = None  # a safeguard is named: the "not" is about something else
        else:
            return Built(
                [block("transfers", section, paras, transferred="no", transfers=[], copy_info="")]
            )
    mechanism = mechanisms[0] if mechanisms and not privacy_shield else ""
    rows = []
    for provider in providers:
        mentions = [s for s in sentences(text) if provider.found_in(s)]
        rows.append(
            {
                "recipient": provider.label,
                "country": country,
                "mechanism": mechanism,
                "details": " ".join(mentions),
            }
        )
    if not rows:
        described = positive or conditional
        if described or mechanisms or country:
            # A service named by what it does ("webinaarien järjestämiseen käytetään
            # palvelua, jossa…"): the sentence says what the recipient is.
            rows.append(
                {
                    "recipient": "",
                    "country": country,
                    "mechanism": mechanism,
                    "details": " ".join(described) or text,
                }
            )
    notes = []
    if privacy_shield:
        notes.append(
            _(
                "Transfers: the notice relies on the EU-US Privacy Shield, which is no longer "
                "valid; no safeguard was filled in for it."
            )
        )
    if conditional and not providers:
        notes.append(
            _(
                "Transfers: the notice says data may be transferred in some cases; the section "
                "is marked as transferring, with no safeguard named."
            )
        )
    transferred = "yes" if rows else ""
    value = block(
        "transfers", section, paras, transferred=transferred, transfers=rows, copy_info=""
    )
    return Built([value], notes=notes)


def retention(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    text = "\n".join(paras)
    if not text:
        return as_text(section)
    durations = {m.group(0) for m in DURATION_RE.finditer(text)}
    item = {
        "category": section.heading[:MAX_CHAR_FIELD],
        "period": next(iter(durations))[:MAX_CHAR_FIELD] if len(durations) == 1 else "",
        "criteria": text,
    }
    built = Built([block("retention", section, paras, items=[item])])
    if "security" in section.also:
        built.blocks += security(Section("", section.lines, "security"), context).blocks
    return built


def security(section: Section, context: BuildContext) -> Built:
    """Manual and electronic material apart where the text tells them apart; measures only
    where the text names them."""
    paras = section_paragraphs(section)
    if not paras:
        return as_text(section)
    manual, electronic, general = [], [], []
    for sentence in (s for p in paras for s in sentences(p)):
        if MANUAL_RE.search(sentence) and not ELECTRONIC_RE.search(sentence):
            manual.append(sentence)
        elif ELECTRONIC_RE.search(sentence):
            electronic.append(sentence)
        else:
            general.append(sentence)
    text = " ".join(paras)
    measures = [
        code
        for code, pattern in MEASURE_PATTERNS.items()
        if code in SECURITY_MEASURES and re.search(pattern, text, re.I)
    ]
    if not manual and not electronic:
        electronic, general = general, []
    value = block(
        "security",
        section,
        paras,
        manual_material=" ".join(manual),
        electronic_material=" ".join(electronic + general),
        measures=measures,
    )
    return Built([value])


def _rights_paragraph_kind(para: str) -> str:
    label = labelled(para)
    if label:
        kinds = heading_kinds(label[0])
        if kinds and kinds[0] in RIGHTS_PARAGRAPH_KINDS:
            return kinds[0]
        if kinds:
            return "rights"
    if COMPLAINT_TEXT_RE.search(para):
        return "complaint"
    if WITHDRAWAL_TEXT_RE.search(para) and not OBJECTION_TEXT_RE.search(para):
        return "consent_withdrawal"
    if label is None and OBJECTION_TEXT_RE.search(para) and not RIGHTS.found_in(para):
        return "right_to_object"
    return "rights"


def rights(section: Section, context: BuildContext) -> Built:
    """The rights the text names; objection, withdrawal of consent and the right to complain
    become sections of their own when the text gives them paragraphs of their own."""
    paras = section_paragraphs(section)
    by_kind: dict[str, list[str]] = {}
    for para in paras:
        by_kind.setdefault(_rights_paragraph_kind(para), []).append(para)
    rights_paras = by_kind.get("rights", [])
    all_text = " ".join(paras)
    listed = [
        {"right": term.code, "explanation": ""}
        for term in RIGHTS.found_in(f"{section.heading}\n{all_text}")
    ]
    built = Built([])
    if listed:
        built.blocks.append(
            block("rights", section, rights_paras, intro="", rights=listed, how_to_exercise="")
        )
    elif rights_paras:
        built.blocks.append(free_text(section, rights_paras))
    for kind in RIGHTS_PARAGRAPH_KINDS:
        own = by_kind.get(kind)
        if not own:
            continue
        label = labelled(own[0]) if len(own) == 1 else None
        heading = label[0] if label else ""
        if not built.blocks:  # the section's own heading goes with its first block
            heading = heading or section.heading
        words = [label[1]] if label else own
        sub = Section(heading, own, kind)
        extra = {}
        if kind == "right_to_object":
            extra = {
                "explanation": "",
                "direct_marketing": bool(MARKETING_RE.search(" ".join(own))),
            }
        elif kind == "consent_withdrawal":
            extra = {"explanation": "", "how": ""}
        elif kind == "complaint":
            extra = {"authority": None, "explanation": ""}
        built.blocks.append(block(kind, sub, words, heading=heading[:MAX_CHAR_FIELD], **extra))
    if not built.blocks:
        return as_text(section)
    return built


def right_to_object(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    if "rights" in section.also:
        return rights(section, context)
    marketing = bool(MARKETING_RE.search(" ".join(paras)))
    return Built(
        [block("right_to_object", section, paras, explanation="", direct_marketing=marketing)]
    )


def consent_withdrawal(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    return Built([block("consent_withdrawal", section, paras, explanation="", how="")])


def complaint(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    return Built([block("complaint", section, paras, authority=None, explanation="")])


def automated_decisions(section: Section, context: BuildContext) -> Built:
    """No, from a negative statement ("emme tee … emmekä profiloi"); yes when the text says
    decisions or profiling are used; else left for the editor to answer."""
    paras = section_paragraphs(section)
    text = " ".join(paras)
    in_use, logic = "", ""
    if NO_AUTOMATED_RE.search(text) and not YES_AUTOMATED_RE.search(text):
        in_use = "no"
    elif YES_AUTOMATED_RE.search(text):
        in_use, logic = "yes", text
    value = block(
        "automated_decisions", section, paras, in_use=in_use, logic=logic, consequences=""
    )
    return Built([value])


def requirement(section: Section, context: BuildContext) -> Built:
    paras = section_paragraphs(section)
    text = " ".join(paras)
    kind = ""
    if STATUTORY_RE.search(text):
        kind = "statutory"
    elif CONTRACTUAL_RE.search(text):
        kind = "contract_prerequisite"
    elif VOLUNTARY_RE.search(text):
        kind = "voluntary"
    consequences = " ".join(s for s in sentences(text) if CONSEQUENCE_RE.search(s))
    if kind and kind not in REQUIREMENT_KINDS:
        kind = ""
    value = block("requirement", section, paras, requirement=kind, consequences=consequences)
    return Built([value])


def cookies(section: Section, context: BuildContext) -> Built:
    return Built([block("cookies", section, section_paragraphs(section), intro="")])


def change_policy(section: Section, context: BuildContext) -> Built:
    return Built([block("change_policy", section, section_paragraphs(section), text="")])


BUILDERS: dict[str, Builder] = {
    "controller": controller,
    "contact_person": contact_person,
    "data_protection_officer": data_protection_officer,
    "register_name": register_name,
    "purposes": purposes,
    "data_subjects": data_subjects,
    "data_content": data_content,
    "sources": sources,
    "recipients": recipients,
    "processors": processors,
    "transfers": transfers,
    "retention": retention,
    "security": security,
    "rights": rights,
    "right_to_object": right_to_object,
    "consent_withdrawal": consent_withdrawal,
    "complaint": complaint,
    "requirement": requirement,
    "automated_decisions": automated_decisions,
    "cookies": cookies,
    "change_policy": change_policy,
}
# A section of the first type may rightly become a block of these: a "disclosure" section
# that only speaks of processors acting on the controller's behalf is a processors section.
EQUIVALENT_BLOCKS = {
    "recipients": ("processors",),
    "processors": ("recipients",),
    # A rights section that only gives the objection (or withdrawal, or complaint) is answered.
    "rights": RIGHTS_PARAGRAPH_KINDS,
}
# Section types a notice has at most one of; a second one stays as text.
SINGLE_SECTIONS = ("controller", "contact_person", "register_name", "data_protection_officer")


@dataclass
class BuiltSection:
    """What became of one section: its blocks (indexes into the body) and why."""

    section: Section
    first_block: int
    block_types: list[str]
    notes: list[str]

    @property
    def recognised(self) -> bool:
        kind = self.section.kind
        answered_by = {kind, *EQUIVALENT_BLOCKS.get(kind or "", ())}
        return (
            bool(kind)
            and bool(answered_by & set(self.block_types))
            and not (self.section.unanswered)
        )


def build_body(
    sections: list[Section], context: BuildContext
) -> tuple[list[dict], list[BuiltSection]]:
    """The notice's body from its sections, and what became of each section."""
    context.present = {kind for section in sections for kind in section.kinds}
    body: list[dict] = []
    results: list[BuiltSection] = []
    seen: set[str] = set()
    for section in sections:
        kind = section.kind
        notes: list[str] = []
        if section.unanswered:
            built = Built([free_text(section, [])])
            notes.append(
                _("“%(heading)s” has no answer in the notice.") % {"heading": section.heading}
            )
        else:
            if kind in SINGLE_SECTIONS and kind in seen:
                kind = None
                notes.append(
                    _("“%(heading)s” repeats a section the notice already has; kept as text.")
                    % {"heading": section.heading}
                )
            built = BUILDERS.get(kind or "", as_text)(section, context)
        notes += built.notes
        for block_type in built.types:
            if block_type in SINGLE_SECTIONS:
                seen.add(block_type)
        results.append(BuiltSection(section, len(body), built.types, notes))
        body.extend(built.blocks)
    return body, results
