"""The notice as TILT JSON (Transparency Information Language and Toolkit).

Follows the top-level sections of the TILT schema (github.com/Transparency-Information-Language/
schema): meta, controller, dataProtectionOfficer, dataDisclosed (with purposes, legal bases,
legitimate interests, recipients, storage and non-disclosure), thirdCountryTransfers,
accessAndDataPortability, sources, the rights, automatedDecisionMaking and changesOfPurpose.
Legal bases use TILT's reference form, e.g. "GDPR-6-1-a".
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest

from .models.snippets import SupervisoryAuthority
from .vocabulary import (
    LEGAL_BASES,
    REQUIREMENT_KINDS,
    RIGHTS,
    SPECIAL_CATEGORY_CONDITIONS,
    TRANSFER_MECHANISMS,
)


def _first(page, block_type: str):
    for child in page.body:
        if child.block_type == block_type:
            return child.value
    return None


def _all(page, block_type: str) -> list:
    return [child.value for child in page.body if child.block_type == block_type]


def _absolute(request: HttpRequest | None, url: str) -> str:
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def _address(record) -> str:
    parts = [
        getattr(record, "street_address", ""),
        " ".join(p for p in (getattr(record, "postal_code", ""), getattr(record, "city", "")) if p),
    ]
    return ", ".join(p for p in parts if p)


def controller_section(page) -> dict:
    value = _first(page, "controller") or {}
    organisation = value.get("organisation")
    person = page.contact_person
    section = {
        "name": organisation.name if organisation else "",
        "businessId": organisation.business_id if organisation else "",
        "address": _address(organisation) if organisation else "",
        "country": organisation.country if organisation else "",
        "email": organisation.email if organisation else "",
        "phone": organisation.phone if organisation else "",
    }
    if person:
        section["representative"] = {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
        }
    return section


def dpo_section(page) -> dict:
    value = _first(page, "data_protection_officer") or {}
    person = value.get("person") if value.get("designated") == "yes" else None
    if person is None:
        return {"designated": False, "note": value.get("note") or ""}
    return {
        "designated": True,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
    }


def data_disclosed_section(page) -> list[dict]:
    """One entry per data category, each carrying the notice's purposes, bases and storage.

    The notice does not tie purposes to categories, so every category lists all of them, as
    TILT readers expect each category to be self-contained.
    """
    purposes, legal_bases, interests = [], [], []
    for value in _all(page, "purposes"):
        for purpose in value.get("purposes") or []:
            purposes.append(
                {
                    "purpose": purpose.get("purpose") or "",
                    "description": purpose.get("description") or "",
                }
            )
            basis = purpose.get("legal_basis")
            term = LEGAL_BASES.get(basis)
            if term and all(b["reference"] != term.tilt for b in legal_bases):
                legal_bases.append({"reference": term.tilt, "description": str(term.label)})
            special = SPECIAL_CATEGORY_CONDITIONS.get(purpose.get("special_category_condition"))
            if special and all(b["reference"] != special.tilt for b in legal_bases):
                legal_bases.append({"reference": special.tilt, "description": ""})
            if basis == "legitimate_interests":
                interests.append(
                    {"exists": True, "reasoning": purpose.get("legitimate_interest") or ""}
                )
    recipients = []
    for value in _all(page, "recipients"):
        if value.get("disclosed") == "yes":
            recipients += [
                {"category": r.get("recipient") or "", "description": r.get("reason") or ""}
                for r in value.get("recipients") or []
            ]
    for value in _all(page, "processors"):
        recipients += [
            {"name": p.get("name") or "", "category": p.get("service") or ""}
            for p in value.get("processors") or []
        ]
    storage = [
        {
            "temporal": [{"description": f"{item.get('category')}: {item.get('period')}"}]
            if item.get("period")
            else [],
            "purposeConditional": [item["criteria"]] if item.get("criteria") else [],
        }
        for value in _all(page, "retention")
        for item in value.get("items") or []
    ]
    requirement = _first(page, "requirement") or {}
    kind = REQUIREMENT_KINDS.get(requirement.get("requirement"))
    non_disclosure = {
        "legalRequirement": bool(kind) and kind.tilt == "legalRequirement",
        "contractualRegulation": bool(kind) and kind.tilt == "contractualRegulation",
        "obligationToProvide": bool(kind) and kind.code != "voluntary",
        "consequences": requirement.get("consequences") or "",
    }
    categories = [
        category
        for value in _all(page, "data_content")
        for category in value.get("categories") or []
    ] or [{"category": "", "items": ""}]
    return [
        {
            "category": category.get("category") or "",
            "description": category.get("items") or "",
            "specialCategory": bool(category.get("special_category")),
            "purposes": purposes,
            "legalBases": legal_bases,
            "legitimateInterests": interests,
            "recipients": recipients,
            "storage": storage,
            "nonDisclosure": non_disclosure,
        }
        for category in categories
    ]


def transfers_section(page) -> list[dict]:
    """Each transfer with the TILT member its mechanism fills; clauses are guarantees too."""
    transfers = []
    for value in _all(page, "transfers"):
        if value.get("transferred") != "yes":
            continue
        for transfer in value.get("transfers") or []:
            term = TRANSFER_MECHANISMS.get(transfer.get("mechanism"))
            member = term.tilt if term else ""
            description = str(term.label) if term else ""
            guarantee = member in ("appropriateGuarantees", "standardDataProtectionClause")
            clause = member == "standardDataProtectionClause"
            transfers.append(
                {
                    "recipient": transfer.get("recipient") or "",
                    "country": transfer.get("country") or "",
                    "adequacyDecision": {
                        "available": member == "adequacyDecision",
                        "description": description if member == "adequacyDecision" else "",
                    },
                    "appropriateGuarantees": {
                        "available": guarantee,
                        "description": description if guarantee else "",
                    },
                    "standardDataProtectionClause": {
                        "available": clause,
                        "description": (value.get("copy_info") or "") if clause else "",
                    },
                    "derogation": {
                        "available": member == "derogation",
                        "description": transfer.get("details") or "",
                    },
                }
            )
    return transfers


def sources_section(page) -> list[dict]:
    categories = [
        c.get("category") or ""
        for value in _all(page, "data_content")
        for c in value.get("categories") or []
    ]
    sources = [
        {
            "description": " – ".join(
                p for p in (source.get("source"), source.get("description")) if p
            ),
            "kind": source.get("kind") or "",
            "publiclyAvailable": bool(source.get("publicly_accessible")),
        }
        for value in _all(page, "sources")
        for source in value.get("sources") or []
    ]
    if not sources:
        return []
    return [{"dataCategory": category, "sources": sources} for category in categories or [""]]


def changes_section(page) -> list[dict]:
    """A version scheduled to take effect later is TILT's announced change."""
    scheduled = page.scheduled_change() if page.pk else None
    if not scheduled:
        return []
    return [
        {
            "description": scheduled["summary"],
            "affectedDataCategories": [],
            "plannedDateOfChange": scheduled["takes_effect"].isoformat(),
            "urlOfNewVersion": "",
        }
    ]


def _right(available: bool, description: str, url: str, email: str) -> dict:
    return {"available": available, "description": description, "url": url, "email": email}


def notice_to_tilt(page, request: HttpRequest | None = None) -> dict:
    """The whole notice as a TILT document."""
    rights_value = _first(page, "rights") or {}
    listed = {item.get("right") for item in rights_value.get("rights") or []}
    person = page.contact_person
    email = person.email if person else ""
    request_page = page.rights_request_page if page.pk else None
    request_url = _absolute(request, request_page.url) if request_page else ""
    how = rights_value.get("how_to_exercise") or ""
    withdrawal = _first(page, "consent_withdrawal")
    complaint = _first(page, "complaint")
    automated = _first(page, "automated_decisions") or {}
    language = page.locale.language_code if getattr(page, "locale_id", None) else ""
    controller = page.controller
    authority = (complaint or {}).get("authority") or (
        SupervisoryAuthority.default(controller.country if controller else None)
        if complaint is not None
        else None
    )
    document = {
        "meta": {
            "_id": f"notice-{page.pk}",
            "name": page.title,
            "created": page.first_published_at.isoformat() if page.first_published_at else None,
            "modified": page.last_published_at.isoformat() if page.last_published_at else None,
            "version": page.versions.count() if page.pk else 0,
            "language": language,
            "status": "active" if page.live else "inactive",
            "url": _absolute(request, page.url) if page.pk else "",
        },
        "controller": controller_section(page),
        "dataProtectionOfficer": dpo_section(page),
        "dataDisclosed": data_disclosed_section(page),
        "thirdCountryTransfers": transfers_section(page),
        "accessAndDataPortability": {
            **_right("access" in listed, how, request_url, email),
            "dataFormat": "JSON" if "portability" in listed else "",
        },
        "sources": sources_section(page),
        **{
            member: _right(
                any(term.code in listed for term in RIGHTS if term.tilt == member),
                how,
                request_url,
                email,
            )
            for member in dict.fromkeys(term.tilt for term in RIGHTS if term.tilt)
        },
        "rightToWithdrawConsent": _right(
            withdrawal is not None, (withdrawal or {}).get("how") or "", request_url, email
        ),
        "rightToComplain": {
            **_right(complaint is not None, (complaint or {}).get("explanation") or "", "", ""),
            "supervisoryAuthority": {
                "name": authority.name,
                "address": authority.street_address or authority.postal_address,
                "country": authority.country or (controller.country if controller else ""),
                "email": authority.email,
                "phone": authority.phone,
            }
            if authority
            else {},
        },
        "automatedDecisionMaking": {
            "inUse": automated.get("in_use") == "yes",
            "logicInvolved": automated.get("logic") or "",
            "scopeAndIntendedEffects": automated.get("consequences") or "",
        },
        "changesOfPurpose": changes_section(page),
    }
    digest = hashlib.sha256(
        json.dumps(document, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    document["meta"]["_hash"] = digest
    return document
