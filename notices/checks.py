"""The completeness check: does a notice answer every GDPR Art. 13/14 item, and is it current?

Rules are data (`REQUIREMENTS`, `OUTDATED_REFERENCES`…) plus small functions. Each finding names
the article it concerns and says, in the editor's language, what to add or change. A missing
required item is an error; a lint (outdated law, a US provider without a transfer…) is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cookies.declarations import declared_cookie_groups

from .vocabulary import LEGAL_BASES, RIGHTS, THIRD_COUNTRIES, US_PROVIDERS

ERROR = "error"
WARNING = "warning"

# A notice nobody has looked at for this long is probably out of date.
REVIEW_INTERVAL = timedelta(days=365)


@dataclass(frozen=True)
class Finding:
    """One thing the editor should fix: which article, how serious, and what to do."""

    code: str
    article: str
    severity: str
    message: str | Promise

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        return f"{self.article}: {self.message}"


@dataclass
class NoticeFacts:
    """What the rules need to know about a notice, read once from its body."""

    block_types: list[str] = field(default_factory=list)
    legal_bases: set[str] = field(default_factory=set)
    special_conditions: set[str] = field(default_factory=set)
    purposes_without_interest: list[str] = field(default_factory=list)
    purposes_without_basis: list[str] = field(default_factory=list)
    purpose_count: int = 0
    source_kinds: set[str] = field(default_factory=set)
    rights: set[str] = field(default_factory=set)
    retention_items: int = 0
    dpo_designated: bool | None = None
    dpo_answered: bool = False
    transferred: bool | None = None
    transfers_answered: bool = False
    transfer_rows: list[dict] = field(default_factory=list)
    transfer_wording: list[str] = field(default_factory=list)
    recipients_answered: bool = False
    automated_answered: bool = False
    has_organisation: bool = False
    controller_as_text: bool = False
    purposes_basis_wording: list[tuple[str, str]] = field(default_factory=list)
    empty_sections: list[str] = field(default_factory=list)
    processors_outside: list[str] = field(default_factory=list)
    provider_names: list[str] = field(default_factory=list)
    contact_roles: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def has(self, *block_types: str) -> bool:
        return any(t in self.block_types for t in block_types)

    @property
    def uses_consent(self) -> bool:
        return "consent" in self.legal_bases or "explicit_consent" in self.special_conditions

    @property
    def other_sources(self) -> bool:
        return any(kind != "data_subject" for kind in self.source_kinds)

    @property
    def all_text(self) -> str:
        return "\n".join(self.texts)


@dataclass(frozen=True)
class Requirement:
    """A GDPR item the notice must answer, the condition under which it applies, and a test."""

    code: str
    article: str
    applies: Callable[[NoticeFacts], bool]
    satisfied: Callable[[NoticeFacts], bool]
    message: str | Promise


def always(facts: NoticeFacts) -> bool:
    return True


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "controller",
        "13(1)(a)",
        always,
        lambda f: f.has("controller") and (f.has_organisation or f.controller_as_text),
        _(
            "Add a 'Controller' section and choose the organisation: its name, business ID "
            "and contact details."
        ),
    ),
    Requirement(
        "data_protection_officer",
        "13(1)(b)",
        always,
        lambda f: f.dpo_answered or bool(NO_DPO_TEXT_RE.search(f.all_text)),
        _(
            "Add a 'Data protection officer' section: give the officer's contact details, or "
            "state that none has been designated."
        ),
    ),
    Requirement(
        "purposes",
        "13(1)(c)",
        always,
        lambda f: f.has("purposes") and f.purpose_count > 0,
        _("Add a 'Purposes and legal bases' section: each purpose with its legal basis."),
    ),
    Requirement(
        "purposes.legal_basis",
        "13(1)(c)",
        lambda f: f.purpose_count > 0,
        lambda f: not f.purposes_without_basis,
        _("Choose the legal basis (GDPR Art. 6(1)) for every purpose."),
    ),
    Requirement(
        "legitimate_interests",
        "13(1)(d)",
        lambda f: "legitimate_interests" in f.legal_bases,
        lambda f: not f.purposes_without_interest,
        _(
            "A purpose relies on legitimate interests (Art. 6(1)(f)): describe the legitimate "
            "interest for every such purpose."
        ),
    ),
    Requirement(
        "recipients",
        "13(1)(e)",
        always,
        lambda f: f.recipients_answered or f.has("processors"),
        _(
            "Add a 'Recipients' section: name the recipients or their categories, or state that "
            "data are not disclosed."
        ),
    ),
    Requirement(
        "transfers",
        "13(1)(f)",
        always,
        lambda f: f.transfers_answered,
        _(
            "Add a 'Transfers outside the EU/EEA' section: each transfer with its safeguard, or "
            "state that data are not transferred."
        ),
    ),
    Requirement(
        "transfers.mechanism",
        "13(1)(f)",
        lambda f: bool(f.transferred),
        lambda f: all(row.get("mechanism") for row in f.transfer_rows),
        _(
            "Name the safeguard (for example the EU-US Data Privacy Framework or standard "
            "contractual clauses) for every transfer outside the EU/EEA."
        ),
    ),
    Requirement(
        "retention",
        "13(2)(a)",
        always,
        lambda f: f.has("retention") and f.retention_items > 0,
        _("Add a 'Retention' section: how long the data are kept, or the criteria for it."),
    ),
    Requirement(
        "rights",
        "13(2)(b)",
        always,
        lambda f: f.has("rights"),
        _(
            "Add a 'Rights' section: access, rectification, erasure, restriction and data "
            "portability."
        ),
    ),
    Requirement(
        "right_to_object",
        "13(2)(b)",
        always,
        lambda f: f.has("right_to_object"),
        _(
            "Add a 'Right to object' section; Art. 21(4) requires it to be shown apart from "
            "the other information."
        ),
    ),
    Requirement(
        "consent_withdrawal",
        "13(2)(c)",
        lambda f: f.uses_consent,
        lambda f: f.has("consent_withdrawal"),
        _(
            "A purpose relies on consent: add a 'Withdrawal of consent' section saying that "
            "consent can be withdrawn at any time, and how."
        ),
    ),
    Requirement(
        "complaint",
        "13(2)(d)",
        always,
        lambda f: f.has("complaint"),
        _(
            "Add a 'Complaint to the authority' section: the right to lodge a complaint with the "
            "Data Protection Ombudsman."
        ),
    ),
    Requirement(
        "requirement",
        "13(2)(e)",
        always,
        lambda f: f.has("requirement"),
        _(
            "Add a 'Requirement to provide data' section: whether providing the data is a "
            "statutory or contractual requirement, and what follows if it is not provided."
        ),
    ),
    Requirement(
        "automated_decisions",
        "13(2)(f)",
        always,
        lambda f: f.automated_answered,
        _(
            "Add an 'Automated decisions' section: whether decisions are made automatically or "
            "people profiled, or state that they are not."
        ),
    ),
    Requirement(
        "sources",
        "14(2)(f)",
        always,
        lambda f: f.has("sources") and bool(f.source_kinds),
        _(
            "Add a 'Sources of data' section: where the data come from, and whether a source "
            "is publicly accessible. This also tells whether Art. 14 applies."
        ),
    ),
    Requirement(
        "data_content",
        "14(1)(d)",
        lambda f: f.other_sources,
        lambda f: f.has("data_content"),
        _(
            "Data also come from other sources than the person: add a 'Data content' section "
            "listing the categories of personal data."
        ),
    ),
)

# Rights the 'Rights' section must list, and when. Portability only exists for consent and
# contract (Art. 20(1)(a)).
RIGHT_CONDITIONS: dict[str, Callable[[NoticeFacts], bool]] = {
    "access": always,
    "rectification": always,
    "erasure": always,
    "restriction": always,
    "portability": lambda f: bool(f.legal_bases & {"consent", "contract"}),
}

OUTDATED_REFERENCES: tuple[tuple[str, str, str | Promise], ...] = (
    (
        r"henkilötietola(ki|in|issa|ia)|personuppgiftslag|personal data act",
        "13(1)(c)",
        _(
            "The text refers to the Personal Data Act (Henkilötietolaki), repealed in 2019. "
            "Refer to the GDPR and the Data Protection Act (1050/2018) instead."
        ),
    ),
    (
        r"523\s*/\s*1999",
        "13(1)(c)",
        _(
            "The text cites act 523/1999, repealed in 2019. Refer to the GDPR and the Data "
            "Protection Act (1050/2018) instead."
        ),
    ),
    (
        r"privacy[\s-]*shield",
        "13(1)(f)",
        _(
            "The text relies on the EU-US Privacy Shield, invalidated in 2020. Name the current "
            "safeguard, such as the EU-US Data Privacy Framework or standard contractual clauses."
        ),
    ),
    (
        r"safe[\s-]*harbou?r",
        "13(1)(f)",
        _(
            "The text relies on Safe Harbor, invalidated in 2015. Name the current safeguard, "
            "such as the EU-US Data Privacy Framework or standard contractual clauses."
        ),
    ),
    (
        r"95\s*/\s*46",
        "94",
        _("The text cites Directive 95/46/EC, repealed by the GDPR. Refer to the GDPR instead."),
    ),
)

DPO_TITLE_RE = re.compile(
    r"tietosuojavastaava|data protection officer|dataskyddsombud|\bDPO\b", re.IGNORECASE
)
# "Tietosuojavastaavaa ei ole nimitetty", "Vi har inte utsett ett dataskyddsombud", "No data
# protection officer has been designated": an explicit answer to 13(1)(b).
NO_DPO_TEXT_RE = re.compile(
    r"tietosuojavastaav\w*[^.]{0,60}\b(ei|emme)\b[^.]{0,30}(nimitetty|nimittänyt|nimittäneet"
    r"|nimetty)|\b(ei|emme)\b[^.]{0,40}(nimitetty|nimittänyt|nimittäneet|nimetty|ole)[^.]{0,30}"
    r"tietosuojavastaav|(inte|ej)\b[^.]{0,40}(utsett|utnämnt)[^.]{0,30}dataskyddsombud"
    r"|dataskyddsombud[^.]{0,40}(inte|ej)\b[^.]{0,20}(utsett|utnämnt)|inget dataskyddsombud"
    r"|\bno\b[^.]{0,20}data protection officer|data protection officer[^.]{0,60}\bnot\b[^.]{0,20}"
    r"(been )?(appointed|designated)|(not|no)\b[^.]{0,30}(appointed|designated)[^.]{0,30}data "
    r"protection officer",
    re.IGNORECASE,
)

# Placeholders left in a template: "[yritys]", "(s-postiosoite)", "XXX", "<lisää tähän>".
# Obfuscated addresses ("nimi[at]yritys.fi") are the notice's real contact details.
PLACEHOLDER_FIELD_WORDS = (
    r"s-?posti(osoite)?|sähköposti(osoite)?|puhelin(numero)?|osoite|nimi|yritys|yrityksen nimi"
    r"|y-tunnus|päivämäärä|pvm|yhteyshenkilö|email( address)?|e-mail|name|address|phone( number)?"
    r"|company( name)?|date|e-post(adress)?|namn|adress|telefon(nummer)?|företag(ets namn)?"
    r"|datum|organisation|organization|kontaktperson|contact person"
)
PLACEHOLDER_RE = re.compile(
    r"lorem ipsum|\bTODO\b|\bTBD\b|\bXXX+\b|\bxx\.xx\.\d{2,4}\b|\bxxxx-xxxx\b"
    r"|\[(?!\s*(?:at|ät|a|dot|piste|punkt)\s*\])(?:[^\]\d]{2,40})\]"
    r"|\((?:" + PLACEHOLDER_FIELD_WORDS + r")\)"
    r"|<(?:insert|lisää|täydennä)[^>]*>|\b(?:täydennä|täytä tähän|fill in)\b",
    re.IGNORECASE,
)

# A date the notice's text gives itself: "Päivitetty 5.4.2018", "Updated 2019-03-01",
# "Laadittu 12/2017", "Uppdaterad 1 mars 2019".
DATE_CONTEXT_RE = re.compile(
    r"(päivitetty|päivitys|laadittu|laatimispäivä|muutettu|voimassa|versio|updated|last "
    r"(updated|modified|changed|revised)|effective|revised|dated|date|uppdaterad|upprättad"
    r"|senast ändrad|giltig från|datum|pvm)\b[^\n\d]{0,30}",
    re.IGNORECASE,
)
MONTHS = {
    "tammi": 1, "helmi": 2, "maalis": 3, "huhti": 4, "touko": 5, "kesä": 6, "heinä": 7,
    "elo": 8, "syys": 9, "loka": 10, "marras": 11, "joulu": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "maj": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
DATE_PATTERNS = (
    re.compile(r"\b(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>(19|20)\d{2})\b"),
    re.compile(r"\b(?P<y>(19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<y>(19|20)\d{2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?P<mn>[a-zä]{3,9})\w*\s+(?P<y>(19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<mn>[a-z]{3,9})\w*\s+(?P<d>\d{1,2}),?\s+(?P<y>(19|20)\d{2})\b", re.I),
    re.compile(r"(?<![\w-])(?P<y>(19|20)\d{2})(?![\w-])"),
)
YEAR_LINE_RE = re.compile(r"^\s*((19|20)\d{2})\s*$", re.MULTILINE)

# "Not transferred", and what contradicts it in the same notice.
OUTSIDE_STATEMENT_RE = re.compile(
    r"ulkopuol\w*|outside the (eu|eea|european)|utanför (eu|ees|europa)", re.IGNORECASE
)
TEXT_NEGATION_RE = re.compile(
    r"\b(ei|eikä|emme|emmekä|not|never|no|inte|ej|aldrig)\b", re.IGNORECASE
)
UNLESS_RE = re.compile(r"\b(ellei|paitsi|unless|except|om inte|utom|förutom)\b", re.IGNORECASE)
PRIVACY_SHIELD_RE = re.compile(r"privacy[\s-]*shield", re.IGNORECASE)

# Sections whose template says something standard when their fields are empty: never "empty".
STANDARD_TEXT_BLOCKS = {
    "rights", "right_to_object", "consent_withdrawal", "complaint", "cookies", "change_policy",
    "data_protection_officer", "recipients", "transfers", "automated_decisions", "processors",
}  # fmt: skip

# Words that show what a purpose's legal basis is meant to be, when none is chosen.
BASIS_WORDING = ("consent", "legitimate_interests")


def _strings(value: object) -> Iterator[str]:
    """Every piece of text in a block value, however deeply nested."""
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        yield value
        return
    source = getattr(value, "source", None)  # RichText
    if isinstance(source, str):
        yield source
        return
    if hasattr(value, "items") and callable(value.items):
        for key, item in value.items():
            if key in ("organisation", "person", "authority"):
                continue  # snippets are checked through their own fields
            yield from _strings(item)
        return
    if isinstance(value, Iterable):
        for item in value:
            yield from _strings(item)


def declared_cookies() -> list:
    return [cookie for group in declared_cookie_groups() for cookie in group.cookies]


def _wording(value) -> str:
    wording = value.get("wording") if hasattr(value, "get") else None
    source = getattr(wording, "source", wording)
    return re.sub(r"<[^>]+>", " ", source or "").strip()


def _is_empty(block_type: str, value) -> bool:
    """A section that says nothing: no words of its own and no typed answer."""
    if block_type == "text":
        body = getattr(value.get("body"), "source", value.get("body")) or ""
        return not re.sub(r"<[^>]+>|&nbsp;|\s", "", body)
    if _wording(value) or block_type in STANDARD_TEXT_BLOCKS:
        return False
    skip = {"heading", "wording", "organisation", "person", "authority"}
    if value.get("organisation") or value.get("person") or value.get("authority"):
        return False
    return not any(
        text.strip() for key, item in value.items() if key not in skip for text in _strings(item)
    )


def notice_facts(page) -> NoticeFacts:
    """Read the facts the rules need from a notice page (live or a revision's copy)."""
    facts = NoticeFacts()
    facts.texts.extend([page.title or "", getattr(page, "intro", "") or ""])
    for child in page.body:
        block_type, value = child.block_type, child.value
        facts.block_types.append(block_type)
        facts.texts.extend(_strings(value))
        if _is_empty(block_type, value):
            facts.empty_sections.append(child.block.heading_text(value))
        if block_type == "controller":
            facts.has_organisation = facts.has_organisation or bool(value.get("organisation"))
            facts.controller_as_text = facts.controller_as_text or bool(_wording(value))
        elif block_type == "purposes":
            for purpose in value.get("purposes") or []:
                facts.purpose_count += 1
                basis = purpose.get("legal_basis")
                if basis:
                    facts.legal_bases.add(basis)
                else:
                    name = purpose.get("purpose") or ""
                    facts.purposes_without_basis.append(name)
                    words = f"{name} {purpose.get('description') or ''}"
                    for code in BASIS_WORDING:
                        if LEGAL_BASES[code].found_in(words):
                            facts.purposes_basis_wording.append((name, code))
                if purpose.get("special_category_condition"):
                    facts.special_conditions.add(purpose["special_category_condition"])
                if (
                    basis == "legitimate_interests"
                    and not (purpose.get("legitimate_interest") or "").strip()
                ):
                    facts.purposes_without_interest.append(purpose.get("purpose") or "")
        elif block_type == "sources":
            facts.source_kinds.update(s.get("kind") or "data_subject" for s in value["sources"])
        elif block_type == "rights":
            facts.rights.update(item.get("right") for item in value.get("rights") or [])
        elif block_type == "retention":
            facts.retention_items += len(value.get("items") or [])
        elif block_type == "data_protection_officer":
            designated = value.get("designated")
            facts.dpo_designated = facts.dpo_designated or designated == "yes"
            facts.dpo_answered = facts.dpo_answered or designated in ("yes", "no")
        elif block_type == "transfers":
            transferred = value.get("transferred")
            if transferred in ("yes", "no"):
                facts.transfers_answered = True
                facts.transferred = bool(facts.transferred) or transferred == "yes"
            if transferred == "yes":
                facts.transfer_rows.extend(dict(row) for row in value.get("transfers") or [])
            facts.transfer_wording.append(_wording(value))
        elif block_type == "recipients":
            facts.recipients_answered = facts.recipients_answered or value.get("disclosed") in (
                "yes",
                "no",
            )
        elif block_type == "automated_decisions":
            facts.automated_answered = facts.automated_answered or value.get("in_use") in (
                "yes",
                "no",
            )
        elif block_type == "processors":
            for processor in value.get("processors") or []:
                facts.provider_names.append(processor.get("name") or "")
                facts.provider_names.append(processor.get("service") or "")
                if processor.get("location") == "outside":
                    facts.processors_outside.append(processor.get("name") or "")
        elif block_type == "cookies" and not _wording(value):
            # The cookie table comes from the site's declarations: Google Analytics there is
            # a provider of this notice too. A section as written shows no table.
            for cookie in declared_cookies():
                facts.provider_names.append(cookie.provider or "")
                if cookie.transferred_outside_eea:
                    facts.processors_outside.append(cookie.provider or cookie.name)
        elif block_type == "contact_person":
            person = value.get("person")
            if person is not None:
                facts.contact_roles.append(person.role or "")
    return facts


def required_findings(facts: NoticeFacts) -> list[Finding]:
    findings = [
        Finding(rule.code, rule.article, ERROR, rule.message)
        for rule in REQUIREMENTS
        if rule.applies(facts) and not rule.satisfied(facts)
    ]
    if facts.has("rights"):
        for right, applies in RIGHT_CONDITIONS.items():
            if applies(facts) and right not in facts.rights:
                findings.append(
                    Finding(
                        f"rights.{right}",
                        "13(2)(b)",
                        ERROR,
                        _("The 'Rights' section does not list: %(right)s.")
                        % {"right": RIGHTS[right].label},
                    )
                )
    return findings


def outdated_reference_findings(facts: NoticeFacts) -> list[Finding]:
    text = facts.all_text
    return [
        Finding("outdated_reference", article, WARNING, message)
        for pattern, article, message in OUTDATED_REFERENCES
        if re.search(pattern, text, re.IGNORECASE)
    ]


def _covered(provider, facts: NoticeFacts) -> bool:
    """Whether a declared transfer names this provider (or one of its products)."""
    return any(
        provider.found_in(f"{row.get('recipient') or ''} {row.get('details') or ''}")
        for row in facts.transfer_rows
    )


def transfer_findings(facts: NoticeFacts) -> list[Finding]:
    """Each US provider the notice names that no declared transfer covers; a processor outside
    the EU/EEA without a transfer; a "not transferred" the notice itself contradicts."""
    findings: list[Finding] = []
    text = " ".join(facts.provider_names + facts.texts)
    uncovered = [p for p in US_PROVIDERS.found_in(text) if not _covered(p, facts)]
    says_not = facts.transfers_answered and not facts.transferred
    for provider in uncovered:
        if says_not:
            message = _(
                "The notice says personal data are not transferred outside the EU/EEA, but it "
                "names %(provider)s, which processes data in the United States. Declare the "
                "transfer and its safeguard, or remove the service from the notice."
            )
            code = "undeclared_transfer"
        else:
            message = _(
                "The notice names %(provider)s, which processes data outside the EU/EEA, but no "
                "declared transfer covers it. Add it as a transfer with its safeguard, such as "
                "the EU-US Data Privacy Framework."
            )
            code = "undeclared_transfer"
        findings.append(Finding(code, "13(1)(f)", WARNING, message % {"provider": provider.label}))
    if not facts.transferred and facts.processors_outside and not uncovered:
        findings.append(
            Finding(
                "undeclared_transfer",
                "13(1)(f)",
                WARNING,
                _(
                    "%(provider)s processes data outside the EU/EEA, but the notice declares no "
                    "transfer. Describe the transfer and its safeguard."
                )
                % {"provider": facts.processors_outside[0]},
            )
        )
    if says_not:
        own = " ".join(facts.transfer_wording)
        reasons = []
        for sentence in re.split(r"(?<=[.!?])\s+", own):
            if OUTSIDE_STATEMENT_RE.search(sentence) and not TEXT_NEGATION_RE.search(sentence):
                reasons.append(sentence)
            elif UNLESS_RE.search(sentence) and OUTSIDE_STATEMENT_RE.search(sentence):
                reasons.append(sentence)
        if PRIVACY_SHIELD_RE.search(own) or THIRD_COUNTRIES.found_in(own):
            reasons.append(own)
        if reasons:
            findings.append(
                Finding(
                    "transfer_contradiction",
                    "13(1)(f)",
                    WARNING,
                    _(
                        "The transfers section is marked 'not transferred', but its own text "
                        "says otherwise: “%(text)s”. Declare the transfer and its safeguard."
                    )
                    % {"text": reasons[0][:200]},
                )
            )
    return findings


def controller_text_findings(facts: NoticeFacts) -> list[Finding]:
    if not facts.controller_as_text or facts.has_organisation:
        return []
    return [
        Finding(
            "controller_as_text",
            "13(1)(a)",
            WARNING,
            _(
                "The controller is given only as text. Choose or create its organisation, so "
                "its name and contact details are the same everywhere and in the TILT export."
            ),
        )
    ]


def basis_wording_findings(facts: NoticeFacts) -> list[Finding]:
    """A purpose whose words speak of consent or a legitimate interest, with no basis chosen."""
    return [
        Finding(
            "basis_in_wording",
            "13(1)(c)",
            WARNING,
            _(
                "The purpose “%(purpose)s” speaks of %(basis)s, but no legal basis is chosen "
                "for it. Choose the basis the purpose relies on."
            )
            % {"purpose": name[:120], "basis": LEGAL_BASES[code].label},
        )
        for name, code in facts.purposes_basis_wording
    ]


def empty_section_findings(facts: NoticeFacts) -> list[Finding]:
    return [
        Finding(
            "empty_answer",
            "12(1)",
            WARNING,
            _("The section “%(heading)s” is empty: answer it, or remove it.")
            % {"heading": heading},
        )
        for heading in facts.empty_sections
    ]


def _dates_in(text: str) -> list[tuple[date, str]]:
    found: list[tuple[date, str]] = []
    for context in DATE_CONTEXT_RE.finditer(text):
        window = text[context.start() : context.end() + 40]
        for pattern in DATE_PATTERNS:
            match = pattern.search(window, context.end() - context.start())
            if not match:
                continue
            parts = match.groupdict()
            month = 12
            if parts.get("m"):
                month = int(parts["m"])
            elif parts.get("mn"):
                month = next(
                    (n for stem, n in MONTHS.items() if parts["mn"].lower().startswith(stem)), 0
                )
                if not month:
                    continue
            day = int(parts.get("d") or 28)
            try:
                found.append(
                    (
                        date(int(parts["y"]), month, min(day, 28) if not parts.get("d") else day),
                        match.group(0),
                    )
                )
            except ValueError:
                continue
            break
    for match in YEAR_LINE_RE.finditer(text):
        found.append((date(int(match.group(1)), 12, 31), match.group(1)))
    return found


def text_date_findings(facts: NoticeFacts, today: date | None = None) -> list[Finding]:
    """A date the notice gives itself ("Päivitetty 5.4.2018") older than twelve months."""
    today = today or timezone.localdate()
    old = [(d, words) for d, words in _dates_in(facts.all_text) if today - d > REVIEW_INTERVAL]
    if not old:
        return []
    _when, words = max(old)
    return [
        Finding(
            "text_date",
            "12(1)",
            WARNING,
            _(
                "The notice's text is dated “%(date)s”, more than a year ago. Check that it "
                "still describes the processing, and update or remove the date in the text."
            )
            % {"date": words.strip()},
        )
    ]


def dpo_findings(facts: NoticeFacts) -> list[Finding]:
    """A contact person titled as the DPO while the notice says none is designated."""
    if facts.dpo_designated:
        return []
    if any(DPO_TITLE_RE.search(role) for role in facts.contact_roles):
        return [
            Finding(
                "dpo_title",
                "13(1)(b)",
                WARNING,
                _(
                    "The contact person is called a data protection officer, but the notice says "
                    "no officer has been designated. Change the role, or designate the officer."
                ),
            )
        ]
    return []


def placeholder_findings(facts: NoticeFacts) -> list[Finding]:
    match = PLACEHOLDER_RE.search(re.sub(r"<[^>]+>", " ", facts.all_text))
    if not match:
        return []
    return [
        Finding(
            "placeholder",
            "12(1)",
            WARNING,
            _("Leftover placeholder text: “%(text)s”. Replace it with the real information.")
            % {"text": match.group(0)},
        )
    ]


def last_reviewed(page) -> date | None:
    """The later of the editor's review date and the last publication."""
    dates = []
    if getattr(page, "last_reviewed", None):
        dates.append(page.last_reviewed)
    if page.last_published_at:
        dates.append(timezone.localdate(page.last_published_at))
    return max(dates) if dates else None


def review_findings(page, today: date | None = None) -> list[Finding]:
    reviewed = last_reviewed(page)
    today = today or timezone.localdate()
    if reviewed is None or today - reviewed <= REVIEW_INTERVAL:
        return []
    return [
        Finding(
            "review",
            "12(1)",
            WARNING,
            _(
                "The notice has not been reviewed since %(date)s. Check that it still describes "
                "the processing, then publish it or record the review date."
            )
            % {"date": reviewed.strftime("%d.%m.%Y")},
        )
    ]


LINTS: tuple[Callable[[NoticeFacts], list[Finding]], ...] = (
    outdated_reference_findings,
    transfer_findings,
    controller_text_findings,
    basis_wording_findings,
    dpo_findings,
    placeholder_findings,
    empty_section_findings,
)


# What the checks of several notices in a row look up once for all of them (the dashboard checks
# every notice a user may edit): see `checking_together`.
_shared_lookups: ContextVar[dict | None] = ContextVar("seloste_shared_lookups", default=None)


@contextmanager
def checking_together() -> Iterator[None]:
    """Within it, `shared_lookup` answers each key once: checking many notices costs the
    queries of one, not as many as there are notices."""
    token = _shared_lookups.set({})
    try:
        yield
    finally:
        _shared_lookups.reset(token)


def shared_lookup(key, compute: Callable):
    """`compute()`, remembered under `key` inside `checking_together` (else computed anew)."""
    memo = _shared_lookups.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def authority_findings(page) -> list[Finding]:
    """A complaint section that names no authority, for a country Seloste knows none of."""
    from .models import SupervisoryAuthority

    complaint = next(iter(page.blocks_of_type("complaint")), None)
    if complaint is None or complaint.get("authority"):
        return []
    controller = page.controller
    if controller is None:
        return []
    # The section's conversion has looked them up already (ComplaintBlock.bulk_to_python).
    defaults = getattr(complaint, "default_authorities", None) or shared_lookup(
        ("authorities", get_language()), SupervisoryAuthority.defaults_by_country
    )
    if defaults.get(controller.country or ""):
        return []
    return [
        Finding(
            "authority",
            "13(2)(d)",
            ERROR,
            _(
                "No supervisory authority of %(country)s is known: add it under Seloste → "
                "Privacy notice → Supervisory authorities with its country, or choose one in "
                "the 'Complaint to the authority' section."
            )
            % {"country": controller.country_name},
        )
    ]


# Checks that other apps add with `register_page_check` (the rights requests: whether the form
# under the notice reaches anyone); each takes the notice page and returns findings.
PAGE_CHECKS: list[Callable[..., list[Finding]]] = [authority_findings]


def register_page_check(check: Callable[..., list[Finding]]) -> None:
    if check not in PAGE_CHECKS:
        PAGE_CHECKS.append(check)


def check_notice(page, today: date | None = None) -> list[Finding]:
    """All findings for a notice: missing required items first, then warnings."""
    facts = notice_facts(page)
    findings = required_findings(facts)
    for check in PAGE_CHECKS:
        findings.extend(check(page))
    for lint in LINTS:
        findings.extend(lint(facts))
    findings.extend(text_date_findings(facts, today=today))
    findings.extend(review_findings(page, today=today))
    return findings


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]
