"""The completeness check: does a notice answer every GDPR Art. 13/14 item, and is it current?

Rules are data (`REQUIREMENTS`, `OUTDATED_REFERENCES`…) plus small functions. Each finding names
the article it concerns and says, in the editor's language, what to add or change. A missing
required item is an error; a lint (outdated law, a US provider without a transfer…) is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cookies.declarations import declared_cookie_groups

from .vocabulary import RIGHTS

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
    transferred: bool | None = None
    has_organisation: bool = False
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
        lambda f: f.has("controller") and f.has_organisation,
        _(
            "Add a 'Controller' section and choose the organisation: its name, business ID "
            "and contact details."
        ),
    ),
    Requirement(
        "data_protection_officer",
        "13(1)(b)",
        always,
        lambda f: f.has("data_protection_officer"),
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
        lambda f: f.has("recipients", "processors"),
        _(
            "Add a 'Recipients' section: name the recipients or their categories, or state that "
            "data are not disclosed."
        ),
    ),
    Requirement(
        "transfers",
        "13(1)(f)",
        always,
        lambda f: f.has("transfers"),
        _(
            "Add a 'Transfers outside the EU/EEA' section: each transfer with its safeguard, or "
            "state that data are not transferred."
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
        lambda f: f.has("automated_decisions"),
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

# Providers that process data in the United States; naming one implies a transfer (13(1)(f)).
US_PROVIDERS = (
    "google",
    "microsoft",
    "amazon",
    "aws",
    "meta platforms",
    "facebook",
    "instagram",
    "linkedin",
    "mailchimp",
    "hubspot",
    "salesforce",
    "zoom",
    "slack",
    "dropbox",
    "apple",
    "hotjar",
    "stripe",
    "zendesk",
)
US_PROVIDER_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in US_PROVIDERS) + r")\b", re.I)

DPO_TITLE_RE = re.compile(
    r"tietosuojavastaava|data protection officer|dataskyddsombud|\bDPO\b", re.IGNORECASE
)

PLACEHOLDER_RE = re.compile(
    r"lorem ipsum|\bTODO\b|\bTBD\b|\bXXX+\b|\[(?:[^\]\d]{2,40})\]|<(?:insert|lisää|täydennä)[^>]*>"
    r"|\b(?:täydennä|täytä tähän|fill in)\b",
    re.IGNORECASE,
)


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


def notice_facts(page) -> NoticeFacts:
    """Read the facts the rules need from a notice page (live or a revision's copy)."""
    facts = NoticeFacts()
    facts.texts.extend([page.title or "", getattr(page, "intro", "") or ""])
    for child in page.body:
        block_type, value = child.block_type, child.value
        facts.block_types.append(block_type)
        facts.texts.extend(_strings(value))
        if block_type == "controller":
            facts.has_organisation = facts.has_organisation or bool(value.get("organisation"))
        elif block_type == "purposes":
            for purpose in value.get("purposes") or []:
                facts.purpose_count += 1
                basis = purpose.get("legal_basis")
                if basis:
                    facts.legal_bases.add(basis)
                else:
                    facts.purposes_without_basis.append(purpose.get("purpose") or "")
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
            facts.dpo_designated = value.get("designated") == "yes"
        elif block_type == "transfers":
            facts.transferred = value.get("transferred") == "yes"
        elif block_type == "processors":
            for processor in value.get("processors") or []:
                facts.provider_names.append(processor.get("name") or "")
                facts.provider_names.append(processor.get("service") or "")
                if processor.get("location") == "outside":
                    facts.processors_outside.append(processor.get("name") or "")
        elif block_type == "cookies":
            # The cookie table comes from the site's declarations: Google Analytics there is
            # a provider of this notice too.
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


def transfer_findings(facts: NoticeFacts) -> list[Finding]:
    """A provider in the US (Google Analytics…) or outside the EU/EEA, but no transfer declared."""
    if facts.transferred:
        return []
    named = US_PROVIDER_RE.search(" ".join(facts.provider_names + facts.texts))
    if facts.processors_outside or named:
        provider = named.group(0) if named else facts.processors_outside[0]
        return [
            Finding(
                "undeclared_transfer",
                "13(1)(f)",
                WARNING,
                _(
                    "The notice names %(provider)s, which processes data outside the EU/EEA, but "
                    "declares no transfer. Describe the transfer and its safeguard, such as the "
                    "EU-US Data Privacy Framework."
                )
                % {"provider": provider},
            )
        ]
    return []


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
    match = PLACEHOLDER_RE.search(facts.all_text)
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
    dpo_findings,
    placeholder_findings,
)


def check_notice(page, today: date | None = None) -> list[Finding]:
    """All findings for a notice: missing required items first, then warnings."""
    facts = notice_facts(page)
    findings = required_findings(facts)
    for lint in LINTS:
        findings.extend(lint(facts))
    findings.extend(review_findings(page, today=today))
    return findings


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]
