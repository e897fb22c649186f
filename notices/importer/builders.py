"""Builders: each turns one recognised section into typed blocks of the notice's body.

A builder fills a typed field only when the section's text says it; whatever it does not place
stays as text, so nothing of the input is lost. `BUILDERS` maps a section type to its builder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import ContactPerson, Organisation
from ..validators import is_valid_business_id, normalise_business_id
from ..vocabulary import (
    LEGAL_BASES,
    RIGHTS,
    SOURCE_KIND_SEARCH_ORDER,
    SOURCE_KINDS,
    TRANSFER_MECHANISM_SEARCH_ORDER,
    TRANSFER_MECHANISMS,
)
from .splitting import BULLET_RE, Section, paragraphs, rich_text, text_of

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

NO_TRANSFER_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,80}\b(siirretä|siirrä|luovuteta)\b|not (be )?transferred"
    r"|överförs inte|inte överförs",
    re.IGNORECASE,
)
US_COUNTRY_RE = re.compile(r"yhdysval|\busa\b|united states|förenta staterna|\bus\b", re.I)
NO_DISCLOSURE_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,60}\bluovuteta\b|not (be )?disclosed|lämnas inte ut|inte lämnas ut",
    re.IGNORECASE,
)
NO_AUTOMATED_RE = re.compile(
    r"\b(ei|eikä)\b[^.]{0,60}\b(tehdä|käytetä|profiloida)|do not|does not|not used|no automated"
    r"|inte|används inte",
    re.IGNORECASE,
)
MARKETING_RE = re.compile(r"markkinoin|marknadsför|marketing", re.IGNORECASE)
# Section types a notice has at most one of; a second one stays as text.
SINGLE_SECTIONS = ("controller", "contact_person", "register_name")


@dataclass
class BuildContext:
    """What a builder may need beyond the section: the notice's language."""

    locale: object


@dataclass
class Built:
    """A builder's result: the blocks, notes for the person importing, and the values it
    placed in typed fields (so the text kept beside them can leave those out)."""

    blocks: list[dict]
    notes: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    def has(self, block_type: str) -> bool:
        return any(block["type"] == block_type for block in self.blocks)


Builder = Callable[[Section, BuildContext], Built]


def free_text(section: Section, heading: str | None = None) -> dict:
    return {
        "type": "text",
        "value": {
            "heading": (heading if heading is not None else section.heading)[:200],
            "body": rich_text(section.lines) or "<p></p>",
        },
    }


def as_text(section: Section, context: BuildContext | None = None) -> Built:
    return Built([free_text(section)])


# -- controller and contact person ----


def _strip_label(line: str) -> str:
    return LABEL_RE.sub("", line).strip() if ":" in line[:32] else line.strip()


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


def controller(section: Section, context: BuildContext) -> Built:
    """A controller block with an Organisation snippet, when a valid business ID is given."""
    text = "\n".join(section.lines)
    ids = [normalise_business_id(m) for m in BUSINESS_ID_IN_TEXT_RE.findall(text)]
    business_id = next((i for i in ids if is_valid_business_id(i)), None)
    if not business_id:
        return Built(
            [free_text(section)], notes=[_("Controller: no valid business ID found, kept as text.")]
        )
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
    built = Built(
        [
            {
                "type": "controller",
                "value": {
                    "heading": section.heading[:200],
                    "organisation": organisation.pk,
                    "representative": "",
                },
            }
        ]
    )
    if not created:
        built.notes.append(
            _("Controller: using the existing organisation %(name)s.") % {"name": organisation}
        )
    built.used = [name, business_id, street, organisation.email, organisation.phone]
    built.used += [postal.group(0)] if postal else []
    # A combined "controller and contact person" section also names the person.
    if section.kind == "controller" and re.search(
        r"yhteyshenkilö|kontaktperson|contact|vastuuhenkilö|ansvarsperson", text, re.I
    ):
        person_lines = _after_label(lines, r"yhteyshenkilö|kontaktperson|contact|vastuuhenkilö")
        if person_lines and EMAIL_RE.search("\n".join(person_lines)):
            person = contact_person(
                Section("", person_lines, "contact_person"), context, keep_text=False
            )
            if person.has("contact_person"):
                built.blocks += person.blocks
                built.notes += person.notes
                built.used += person.used
    # Lines the snippets did not take (a division, a postal box…) stay as text below.
    rest = leftover(section.lines, built.used)
    if rest:
        with override(context.locale.language_code):  # page content, in the notice's language
            heading = _("%(heading)s: other details") % {"heading": section.heading}
        built.blocks.append(free_text(Section(section.heading, rest), heading=heading))
    return built


def contact_person(section: Section, context: BuildContext, keep_text: bool = True) -> Built:
    """A contact person block with a ContactPerson snippet, when an email address is given."""
    text = "\n".join(section.lines)
    email = EMAIL_RE.search(text)
    if not email:
        return Built(
            [free_text(section)], notes=[_("Contact person: no email address found, kept as text.")]
        )
    lines = [_strip_label(line) for line in section.lines if line.strip()]
    name = next((line for line in lines if NAME_RE.match(line) and not COMPANY_RE.search(line)), "")
    phone = PHONE_RE.search(text)
    role = ""
    if name:
        after = lines[lines.index(name) + 1 :]
        if after and not EMAIL_RE.search(after[0]) and not PHONE_RE.search(after[0]):
            role = after[0][:200]
    locale = context.locale
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
    used = [u for u in (name, role, email.group(0), phone.group(1) if phone else "") if u]
    note = text_of(leftover(section.lines, used)) if keep_text else ""
    block = {
        "type": "contact_person",
        "value": {"heading": section.heading[:200], "person": person.pk, "note": note},
    }
    return Built([block], notes=notes, used=used)


# -- what the notice says ----


def register_name(section: Section, context: BuildContext) -> Built:
    paras = paragraphs(section.lines)
    if not paras:
        return as_text(section)
    value = {
        "heading": section.heading[:200],
        "name": paras[0][:200],
        "description": "\n".join(paras[1:]) if len(paras[0]) <= 200 else "\n".join(paras),
    }
    return Built([{"type": "register_name", "value": value}])


def rights(section: Section, context: BuildContext) -> Built:
    text = text_of(section.lines)
    # A heading such as "Rätt till insyn" may be the only place that names the right.
    listed = [
        {"right": term.code, "explanation": ""}
        for term in RIGHTS.found_in(f"{section.heading}\n{text}")
    ]
    if not listed:
        return as_text(section)
    value = {"heading": section.heading, "intro": text, "rights": listed, "how_to_exercise": ""}
    return Built([{"type": "rights", "value": value}])


def _mechanisms_in(text: str) -> list[str]:
    return [
        code for code in TRANSFER_MECHANISM_SEARCH_ORDER if TRANSFER_MECHANISMS[code].found_in(text)
    ]


def transfers(section: Section, context: BuildContext) -> Built:
    text = text_of(section.lines)
    mechanisms = _mechanisms_in(text)
    if NO_TRANSFER_RE.search(text) and not set(mechanisms) - {"adequacy"}:
        value = {"heading": "", "transferred": "no", "transfers": [], "copy_info": ""}
        return Built([{"type": "transfers", "value": value}, free_text(section)])
    if not mechanisms:
        return as_text(section)
    country = "Yhdysvallat" if US_COUNTRY_RE.search(text) else ""
    transfer = {"recipient": "", "country": country, "mechanism": mechanisms[0], "details": text}
    value = {
        "heading": section.heading,
        "transferred": "yes",
        "transfers": [transfer],
        "copy_info": "",
    }
    return Built([{"type": "transfers", "value": value}])


def _bullets_or_paragraphs(section: Section) -> tuple[list[str], bool]:
    paras = paragraphs(section.lines)
    bullets = [BULLET_RE.sub("", p, count=1) for p in paras if BULLET_RE.match(p)]
    return (bullets, True) if bullets and len(bullets) == len(paras) else (paras, False)


def recipients(section: Section, context: BuildContext) -> Built:
    """ "Not disclosed" as the typed answer, a list as recipients; the wording stays as text."""
    text = text_of(section.lines)
    items, is_list = _bullets_or_paragraphs(section)
    if NO_DISCLOSURE_RE.search(text) and not re.search(r"\bpaitsi\b|\bexcept\b|\butom\b", text):
        value = {"heading": "", "disclosed": "no", "recipients": []}
        return Built([{"type": "recipients", "value": value}, free_text(section)])
    if is_list and items:
        value = {
            "heading": section.heading,
            "disclosed": "yes",
            "recipients": [
                {"recipient": i[:200], "reason": i if len(i) > 200 else ""} for i in items
            ],
        }
        return Built([{"type": "recipients", "value": value}])
    return as_text(section)


def automated_decisions(section: Section, context: BuildContext) -> Built:
    if NO_AUTOMATED_RE.search(text_of(section.lines)):
        value = {"heading": "", "in_use": "no", "logic": "", "consequences": ""}
        return Built([{"type": "automated_decisions", "value": value}, free_text(section)])
    return as_text(section)


def retention(section: Section, context: BuildContext) -> Built:
    text = text_of(section.lines)
    if not text:
        return as_text(section)
    item = {"category": section.heading[:200], "period": "", "criteria": text}
    return Built([{"type": "retention", "value": {"heading": section.heading, "items": [item]}}])


def purposes(section: Section, context: BuildContext) -> Built:
    """One purpose per bullet, or one for the whole text; the basis only when it is clear."""
    items, is_list = _bullets_or_paragraphs(section)
    if not items:
        return as_text(section)
    bases = LEGAL_BASES.found_in(text_of(section.lines))
    basis = bases[0].code if len(bases) == 1 else ""
    if is_list:
        listed = [{"purpose": item[:300], "description": ""} for item in items]
    else:
        first = re.split(r"(?<=[.!?])\s", items[0], maxsplit=1)[0]
        listed = [{"purpose": first[:300], "description": "\n".join(items)}]
    for purpose in listed:
        purpose.update(legal_basis=basis, legitimate_interest="", special_category_condition="")
    value = {"heading": section.heading, "purposes": listed}
    return Built([{"type": "purposes", "value": value}])


def data_content(section: Section, context: BuildContext) -> Built:
    items, is_list = _bullets_or_paragraphs(section)
    if not items:
        return as_text(section)
    if is_list:
        categories = [{"category": i[:200], "items": i if len(i) > 200 else ""} for i in items]
    else:
        categories = [{"category": section.heading[:200], "items": "\n".join(items)}]
    for category in categories:
        category["special_category"] = False
    value = {"heading": section.heading, "categories": categories}
    return Built([{"type": "data_content", "value": value}])


def _source_kind(text: str) -> str:
    found = (code for code in SOURCE_KIND_SEARCH_ORDER if SOURCE_KINDS[code].found_in(text))
    return next(found, "third_party")


def sources(section: Section, context: BuildContext) -> Built:
    items, _is_list = _bullets_or_paragraphs(section)
    if not items:
        return as_text(section)
    listed = []
    for item in items:
        kind = _source_kind(item.lower())
        listed.append(
            {
                "source": item[:200],
                "kind": kind,
                "publicly_accessible": kind == "public",
                "description": item if len(item) > 200 else "",
            }
        )
    return Built([{"type": "sources", "value": {"heading": section.heading, "sources": listed}}])


def explained(block_type: str, field_name: str, **extra) -> Builder:
    """A builder for a section whose typed block has one text field for the notice's wording."""

    def build(section: Section, context: BuildContext) -> Built:
        text = text_of(section.lines)
        if not text:
            return as_text(section)
        value = {"heading": section.heading, field_name: text, **extra}
        return Built([{"type": block_type, "value": value}])

    return build


def right_to_object(section: Section, context: BuildContext) -> Built:
    marketing = bool(MARKETING_RE.search(" ".join(section.lines)))
    return explained("right_to_object", "explanation", direct_marketing=marketing)(section, context)


BUILDERS: dict[str, Builder] = {
    "controller": controller,
    "contact_person": contact_person,
    "register_name": register_name,
    "purposes": purposes,
    "data_content": data_content,
    "sources": sources,
    "recipients": recipients,
    "transfers": transfers,
    "retention": retention,
    "rights": rights,
    "right_to_object": right_to_object,
    "consent_withdrawal": explained("consent_withdrawal", "explanation", how=""),
    "complaint": explained("complaint", "explanation", authority=None),
    "automated_decisions": automated_decisions,
    "cookies": explained("cookies", "intro"),
    "change_policy": explained("change_policy", "text"),
}


def build_body(sections: list[Section], locale) -> tuple[list[dict], list[str]]:
    """The notice's body from its sections, and the notes for the person importing."""
    context = BuildContext(locale=locale)
    body: list[dict] = []
    notes: list[str] = []
    seen: set[str] = set()
    for section in sections:
        kind = section.kind
        if kind in SINGLE_SECTIONS and kind in seen:
            kind = None
        built = BUILDERS.get(kind or "", as_text)(section, context)
        notes += built.notes
        if kind:
            seen.add(kind)
        if built.has("contact_person"):
            seen.add("contact_person")
        body.extend(built.blocks)
    return body, notes
