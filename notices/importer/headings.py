"""The heading vocabulary: which words in a heading name which section, in fi, sv and en.

Headings are matched by stems and phrases, so inflected and compound forms
("säilyttämisaika", "Tietojen siirrot", "käsittelijät"), questions ("Kuinka kauan
säilytämme tietoja?", "Vem ansvarar för uppgifterna?") and words written apart
("Yhteys henkilö") name their section too. Kinds are tried in `HEADING_ORDER`, most specific
first: "Rekisteröidyn oikeudet" is rights, not data subjects; "Tietojen siirtäminen
järjestelmästä toiseen" is portability, not a transfer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "1.", "1.2", "3)", "§ 4", "a)", "B.", "IV." or "IV" before the heading's words.
NUMBERING_RE = re.compile(
    r"^\s*(?:§\s*\d{1,2}\.?|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zA-Z][.)]"
    r"|(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI|XVII|XVIII|XIX|XX)[.)]?|[IVX][.)]|[IVX](?=\s+[A-ZÅÄÖ]))"
    r"\s+(?=\S)"
)
# Lines that read like the document's own title rather than a section.
TITLE_RE = re.compile(
    r"tietosuoja|seloste|privacy|dataskydd|integritet|rekisteri|register|personuppgift",
    re.IGNORECASE,
)
# A table of contents' own heading, skipped with its lines.
TOC_HEADING_RE = re.compile(
    r"^\s*(sisältö|sisällys(luettelo)?|innehåll(sförteckning)?|contents|table of contents)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
# The right-hand column's heading of a two-column table: a header row, not a section.
COLUMN_HEADER_RE = re.compile(
    r"^\s*(tiedot|kuvaus|sisältö|selite|vastaus|information|description|details|content"
    r"|answer|uppgifter|beskrivning|innehåll|svar)\s*:?\s*$",
    re.IGNORECASE,
)
# Connectors of a heading that names two sections ("Rekisterinpitäjä ja yhteyshenkilö").
CONNECTOR_RE = re.compile(r"\s(ja|sekä|tai|and|or|och|eller|&)\s|,\s|/", re.IGNORECASE)
# A first word that makes the line a sentence, not a heading ("Käsittelemme tietoja…:").
SENTENCE_START_RE = re.compile(
    r"^(we|you|our|if|this|these|vi|du|om|denna|me|sinä|jos|tämä|nämä|\w+mme|\w+tte)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HeadingTerms:
    """The stems and phrases that name one section type, per language."""

    kind: str
    fi: tuple[str, ...] = ()
    sv: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in self.fi + self.sv + self.en), re.I)


# The order is the priority: the first kind that matches is the section's kind.
HEADING_ORDER: tuple[HeadingTerms, ...] = (
    HeadingTerms(
        "right_to_object",
        fi=(
            r"vastusta",
            r"oikeus vastustaa",
            r"kielto-?oikeu",
            r"suoramarkkinoinnin kiel",
            r"markkinoinnin kiel",
            r"kieltää",
        ),
        sv=(r"rätt att invända", r"invändning", r"invända"),
        en=(r"right to object", r"objection", r"object to"),
    ),
    HeadingTerms(
        "consent_withdrawal",
        fi=(r"suostumu\w* peru", r"peru\w* suostum", r"suostumuksen peruut"),
        sv=(r"återkall", r"återta\w* samtycke"),
        en=(r"withdraw",),
    ),
    HeadingTerms(
        "complaint",
        fi=(r"valitu", r"valitta", r"valvontaviranomai", r"tietosuojavaltuutet"),
        sv=(r"klagom", r"klaga", r"tillsynsmyndighet", r"integritetsskyddsmyndighet"),
        en=(r"complain", r"supervisory authorit", r"lodge"),
    ),
    HeadingTerms(
        "automated_decisions",
        fi=(r"automaatti", r"profiloi", r"profilointi"),
        sv=(r"automatiser", r"profilering"),
        en=(r"automated", r"profiling"),
    ),
    HeadingTerms(
        "requirement",
        fi=(
            r"velvollisuus antaa",
            r"tietojen antami",
            r"antamisen vapaaehtois",
            r"pakollis",
            r"pakko",
            r"vapaaehtoisuus",
            r"antamatta jättämi",
            r"lakisääteisyys",
            r"(onko|täytyykö|pitääkö) .*anta",
        ),
        sv=(
            r"skyldighet att lämna",
            r"måste (du|jag) lämna",
            r"frivillig",
            r"krav på att lämna",
            r"(måste|behöver) (du|jag) .*(lämna|ge)",
        ),
        en=(
            r"obligation to provide",
            r"statutory or contractual",
            r"required to provide",
            r"(do|must) (i|you) (have to |need to )?(provide|give)",
            r"requirement",
            r"mandatory",
        ),
    ),
    HeadingTerms(
        "data_protection_officer",
        fi=(r"tietosuojavastaav",),
        sv=(r"dataskyddsombud",),
        en=(r"data protection officer", r"\bdpo\b"),
    ),
    HeadingTerms(
        "register_name",
        fi=(r"rekisterin nimi", r"käsittelytoimen nimi", r"rekisterin nimike"),
        sv=(r"registrets namn", r"registrets benämning"),
        en=(r"name of the (register|filing system|processing)", r"register name"),
    ),
    HeadingTerms(
        # Before transfers: "siirtäminen järjestelmästä toiseen" is portability.
        "rights",
        fi=(
            r"oikeudet",
            r"oikeutesi",
            r"oikeuksi",
            r"tarkastusoikeu",
            r"järjestelmästä toiseen",
            r"siirto-?oikeu",
            r"käsittelyyn liittyvät oikeu",
            r"oikeus (vaatia|saada|tarkastaa|siirtää|rajoittaa|korjata|poistaa"
            r"|tulla unohdetuksi|tietojen)",
            r"oikaisu",
            r"portab",
        ),
        sv=(
            r"rättigheter",
            r"rätt till (insyn|rättelse|radering|tillgång|begränsning|data"
            r"portabilitet|att flytta)",
        ),
        en=(
            r"\brights\b",
            r"right (of|to) (access|rectif|erasure|restrict|data portab|be forgot)",
            r"portabilit",
        ),
    ),
    HeadingTerms(
        "processors",
        fi=(
            r"käsittelijä",
            r"käsittelijöi",
            r"alihankkij",
            r"palveluntarjoaj",
            r"alikäsittelij",
            r"puolestamme",
        ),
        sv=(
            r"personuppgiftsbiträd",
            r"biträde",
            r"underleverantör",
            r"tjänsteleverantör",
            r"för vår räkning",
        ),
        en=(
            r"processors?\b",
            r"sub-?processor",
            r"service providers?",
            r"subcontractor",
            r"on our behalf",
        ),
    ),
    HeadingTerms(
        "transfers",
        fi=(
            r"siir(to|rot|täminen|retään|retäänkö|räm|toja|roista|rämme)",
            r"siirrä",
            r"eta-alueen ulkopuol",
            r"eu:n (tai|ja) eta",
            r"ulkopuolelle",
            r"kolmansiin maihin",
            r"kansainväli",
        ),
        sv=(r"överför", r"tredje land", r"utanför (eu|ees|europa)"),
        en=(r"transfer", r"outside the (eu|eea|european)", r"third countr", r"international"),
    ),
    HeadingTerms(
        "data_content",
        fi=(
            r"tietosisäl",
            r"tietoryhm",
            r"sisältämät tiedot",
            r"käsiteltävät (henkilö)?tiedot",
            r"mitä (henkilö)?tieto",
            r"kerättävät (henkilö)?tiedot",
            r"tallennettavat tiedot",
            r"rekisterin sisältö",
            r"käsiteltävistä tiedoista",
            r"henkilötietojen ryhm",
            r"tietojen sisältö",
            r"käsiteltävi\w* (henkilö)?tie",
            r"tietojen ryhm",
        ),
        sv=(
            r"personuppgifter som behandlas",
            r"uppgiftsinnehåll",
            r"registrets (data)?innehåll",
            r"datainnehåll",
            r"kategorier av personuppgifter",
            r"vilka (person)?uppgifter",
            r"uppgifter som samlas"
            r"|uppgifter vi (samlar|behandlar)",
        ),
        en=(
            r"personal data (we )?(process|collect|hold)\b",
            r"categories of (personal )?data",
            r"data content",
            r"what (personal )?(data|information)",
            r"(data|information) we "
            r"(collect|process|hold)",
            r"types of (personal )?(data|information)",
            r"^(the )?(personal )?(data|information) (collected|processed|held)\b",
        ),
    ),
    HeadingTerms(
        "sources",
        fi=(r"tietolähte", r"lähteet", r"mistä .*(saa|kerä|tule)"),
        sv=(r"uppgiftskäll", r"källor", r"varifrån", r"var (får|hämtar) vi"),
        en=(
            r"\bsources?\b",
            r"where (do )?we (get|obtain|collect)",
            r"how (do )?we (collect|obtain"
            r"|get)",
        ),
    ),
    HeadingTerms(
        "retention",
        fi=(
            r"säily",
            r"vanhenemi",
            r"kuinka kauan",
            r"miten kauan",
            r"hävittämi",
            r"poistamis(aika|en aika)",
        ),
        sv=(r"lagring", r"bevar", r"sparas", r"sparar", r"hur länge", r"gallring"),
        en=(
            r"retention",
            r"retain",
            r"how long",
            r"storage period",
            r"keep (your|the|personal) (personal )?(data|information)(?! (safe|secure))",
        ),
    ),
    HeadingTerms(
        "security",
        fi=(
            r"suojau",
            r"suojaami",
            r"suojaamme",
            r"suojataan",
            r"suojattu",
            r"tietoturva",
            r"turvallisuu",
        ),
        sv=(r"säkerhet", r"skydd av", r"skyddar", r"skyddas"),
        en=(r"security", r"safeguard", r"protect", r"\bsafe(ty|ly)?\b", r"\bsecur"),
    ),
    HeadingTerms(
        "data_subjects",
        fi=(
            r"rekisteröidyt",
            r"rekisteröityjen ryhm",
            r"kenen (henkilö)?tie",
            r"rekisteröityjen "
            r"piiri",
            r"keitä .*koskee",
            r"rekisteröitäv",
            r"henkilöiden piiri",
            r"ketä .*koskee",
        ),
        sv=(r"registrerade", r"vems", r"vilka personer"),
        en=(
            r"data subjects",
            r"whose (personal )?data",
            r"categories of (data subjects|individuals"
            r"|people)",
            r"who (is|are) this (notice|register) (for|about)",
        ),
    ),
    HeadingTerms(
        "controller",
        fi=(
            r"rekisterinpitäj",
            r"rekisterin pitäjä",
            r"kuka vastaa",
            r"rekisterinpidosta vastaa",
            r"vastuussa .*tie",
        ),
        sv=(
            r"personuppgiftsansvarig",
            r"registeransvarig",
            r"registerhållare",
            r"vem ansvarar",
            r"vem är ansvarig",
        ),
        en=(r"controller", r"who (is|are) responsible", r"who we are", r"responsible for"),
    ),
    HeadingTerms(
        "contact_person",
        fi=(
            r"yhteyshenkilö",
            r"vastuuhenkilö",
            r"vastaava henkilö",
            r"asioista vastaava",
            r"yhteydessä",
            r"yhteydenot",
            r"yhteystiedot",
            r"ota yhteyttä",
            r"yhteyttä",
        ),
        sv=(r"kontaktperson", r"kontaktuppgift", r"kontakta", r"ansvarsperson"),
        en=(r"contact",),
    ),
    HeadingTerms(
        "recipients",
        fi=(r"luovut", r"vastaanottaj", r"kenelle", r"jakaminen", r"yhteistyökumppan"),
        sv=(r"utlämn", r"lämnas ut", r"lämnar ut", r"mottagare", r"vem (lämnar|delar)", r"delning"),
        en=(r"disclos", r"recipient", r"sharing", r"share", r"third parties"),
    ),
    HeadingTerms(
        "purposes",
        fi=(
            r"tarkoitu",
            r"peruste",
            r"mihin .*käyt",
            r"miksi .*(käsittel|kerää)",
            r"oikeusperust",
            r"lainmukaisuu",
        ),
        sv=(
            r"ändamål",
            r"rättslig grund",
            r"laglig grund",
            r"grund för",
            r"varför (behandlar|samlar"
            r"|använder)",
            r"vad använd",
        ),
        en=(
            r"purpose",
            r"legal basis",
            r"lawful basis",
            r"legal ground",
            r"why (do )?we (process"
            r"|collect|use)",
            r"how (do )?we use",
            r"what (do )?we use",
        ),
    ),
    HeadingTerms(
        "cookies",
        fi=(r"eväste",),
        sv=(r"kakor", r"cookies"),
        en=(r"cookie",),
    ),
    HeadingTerms(
        "change_policy",
        fi=(r"muutok", r"muutos", r"muuttami", r"muuttu", r"päivittämi", r"päivitykset"),
        sv=(r"ändring", r"uppdatering"),
        en=(r"changes?\b", r"updates?\b"),
    ),
)
HEADING_PATTERNS = tuple((terms.kind, terms.pattern) for terms in HEADING_ORDER)

# Section types one heading may name together: the second becomes part of the first's section
# and its builder ("Rekisterin tietosisältö ja säännönmukaiset tietolähteet").
COMBINABLE: dict[str, frozenset[str]] = {
    "controller": frozenset({"contact_person", "data_protection_officer"}),
    "contact_person": frozenset({"controller", "data_protection_officer"}),
    "data_content": frozenset({"sources", "data_subjects"}),
    "sources": frozenset({"data_content"}),
    "data_subjects": frozenset({"data_content"}),
    "recipients": frozenset({"transfers", "processors"}),
    "processors": frozenset({"recipients", "transfers"}),
    "transfers": frozenset({"recipients", "processors"}),
    "rights": frozenset({"right_to_object", "consent_withdrawal", "complaint"}),
    "right_to_object": frozenset({"rights"}),
    "retention": frozenset({"security"}),
    "security": frozenset({"retention"}),
    "purposes": frozenset({"data_content"}),
}


def normalise_heading(text: str) -> str:
    """A heading without its numbering, surrounding space or closing colon."""
    text = NUMBERING_RE.sub("", text.strip(), count=1)
    return text.strip().rstrip(":").strip()


def numbering_of(text: str) -> str:
    match = NUMBERING_RE.match(text)
    return match.group(0).strip() if match else ""


def heading_kinds(text: str) -> list[str]:
    """The section types a heading names: the first is its own, the rest combined with it."""
    lowered = normalise_heading(text).lower()
    # Words written apart ("Yhteys henkilö") or hyphenated are also tried joined.
    joined = re.sub(r"[\s-]+", "", lowered)
    found: list[str] = []
    for kind, pattern in HEADING_PATTERNS:
        if pattern.search(lowered) or pattern.search(joined):
            found.append(kind)
    if not found:
        return []
    primary = found[0]
    others = [k for k in found[1:] if k in COMBINABLE.get(primary, ())]
    if others and CONNECTOR_RE.search(lowered):
        return [primary, *others]
    return [primary]


def classify_heading(text: str) -> str | None:
    kinds = heading_kinds(text)
    return kinds[0] if kinds else None
