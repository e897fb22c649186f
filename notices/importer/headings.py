"""The heading vocabulary: which words in a heading name which section, in fi, sv and en.

Patterns are tried most specific first: "rekisteröidyn oikeudet" is rights, not data subjects.
"""

from __future__ import annotations

import re

NUMBERING_RE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")
# Lines that read like the document's own title rather than a section.
TITLE_RE = re.compile(
    r"tietosuoja|seloste|privacy|dataskydd|integritet|rekisteri|register", re.IGNORECASE
)

# (section block type, pattern), in the order they are tried.
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


def normalise_heading(text: str) -> str:
    text = NUMBERING_RE.sub("", text.strip())
    return text.strip().rstrip(":").strip()


def classify_heading(text: str) -> str | None:
    lowered = normalise_heading(text).lower()
    for kind, pattern in SECTION_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return None
