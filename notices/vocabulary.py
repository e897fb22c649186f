"""The fixed vocabularies of a notice, one table each: legal bases, rights, transfer mechanisms…

Blocks take their choices from these tables, the completeness check its labels, the TILT export
its terms and the importer the words that recognise a term in Finnish, Swedish or English, so
a term is defined once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary.

    `article` is the GDPR provision it stands for, `tilt` its term in the TILT schema and
    `pattern` a regular expression that finds it in a notice's own words (fi, sv, en).
    """

    code: str
    label: str | Promise
    article: str = ""
    tilt: str = ""
    pattern: str = ""
    explanation: str | Promise = ""

    def found_in(self, text: str) -> bool:
        return bool(self.pattern) and re.search(self.pattern, text, re.IGNORECASE) is not None


class Vocabulary:
    """An ordered table of terms, with the lookups blocks, checks and exports need."""

    def __init__(self, *terms: Term) -> None:
        self.terms = terms
        self._by_code = {term.code: term for term in terms}

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Term:
        return self._by_code[code]

    def get(self, code: str | None) -> Term | None:
        return self._by_code.get(code or "")

    @property
    def choices(self) -> list[tuple[str, str | Promise]]:
        return [(term.code, term.label) for term in self.terms]

    def label(self, code: str | None) -> str:
        term = self.get(code)
        return str(term.label) if term else ""

    def found_in(self, text: str) -> list[Term]:
        """The terms whose pattern occurs in `text`, in table order."""
        return [term for term in self.terms if term.found_in(text)]


LEGAL_BASES = Vocabulary(
    Term(
        "consent",
        _("Consent, Art. 6(1)(a)"),
        "6(1)(a)",
        "GDPR-6-1-a",
        r"suostum|samtyck|consent|antanut luvan|luvan käyttää|lupa(a|n)? käyttää|permission to use"
        r"|gett? (your )?permission|gett tillstånd",
    ),
    Term(
        "contract",
        _("Contract, Art. 6(1)(b)"),
        "6(1)(b)",
        "GDPR-6-1-b",
        r"sopimu|avtal|contract",
    ),
    Term(
        "legal_obligation",
        _("Legal obligation, Art. 6(1)(c)"),
        "6(1)(c)",
        "GDPR-6-1-c",
        r"lakisääteinen|lakiin perustuv|rättslig förpliktelse|legal obligation",
    ),
    Term("vital_interests", _("Vital interests, Art. 6(1)(d)"), "6(1)(d)", "GDPR-6-1-d"),
    Term("public_task", _("Public task, Art. 6(1)(e)"), "6(1)(e)", "GDPR-6-1-e"),
    Term(
        "legitimate_interests",
        _("Legitimate interests, Art. 6(1)(f)"),
        "6(1)(f)",
        "GDPR-6-1-f",
        r"oikeutettu(un)? etu|oikeutet\w* etu|berättigat intresse|legitimate interest",
    ),
)

SPECIAL_CATEGORY_CONDITIONS = Vocabulary(
    Term("explicit_consent", _("Explicit consent, Art. 9(2)(a)"), "9(2)(a)", "GDPR-9-2-a"),
    Term(
        "employment",
        _("Employment and social security law, Art. 9(2)(b)"),
        "9(2)(b)",
        "GDPR-9-2-b",
    ),
    Term(
        "made_public", _("Made public by the data subject, Art. 9(2)(e)"), "9(2)(e)", "GDPR-9-2-e"
    ),
    Term("legal_claims", _("Legal claims, Art. 9(2)(f)"), "9(2)(f)", "GDPR-9-2-f"),
    Term("health_care", _("Health or social care, Art. 9(2)(h)"), "9(2)(h)", "GDPR-9-2-h"),
)

SOURCE_KINDS = Vocabulary(
    Term(
        "data_subject",
        _("The data subject themselves"),
        "14",
        "dataSubject",
        r"itse|itseltään|asiakkaalta|själv|kunden|themselves|yourself|customer|you ",
    ),
    Term("third_party", _("Another organisation or person"), "14(2)(f)", "thirdParty"),
    Term(
        "public",
        _("A public source or register"),
        "14(2)(f)",
        "publiclyAvailable",
        r"julki|ytj|kaupparekister|väestötieto|offentlig|handelsregist|public|trade reg",
    ),
    Term(
        "generated",
        _("Generated while using our services"),
        "14",
        "generated",
        r"käytö|lokitie|eväste|användning|loggar|usage|cookie|logs",
    ),
)

# A public register or generated data named beside "you" is still that; the importer tries
# these first, and a source that matches none is another organisation or person.
SOURCE_KIND_SEARCH_ORDER = ("public", "generated", "data_subject")

# `tilt` names the member of a TILT third-country transfer that the mechanism fills.
TRANSFER_MECHANISMS = Vocabulary(
    Term(
        "adequacy",
        _("Adequacy decision of the European Commission, Art. 45"),
        "45",
        "adequacyDecision",
        r"riittäv|adequacy|adekvat",
    ),
    Term(
        "eu_us_dpf",
        _("EU-US Data Privacy Framework (adequacy decision), Art. 45"),
        "45",
        "adequacyDecision",
        r"data privacy framework|\bdpf\b|tietosuojakehy",
    ),
    Term(
        "scc",
        _("Standard contractual clauses, Art. 46(2)(c)"),
        "46(2)(c)",
        "standardDataProtectionClause",
        r"vakiosopimuslausek|mallisopimuslausek|vakiolausek|standard contractual"
        r"|model (contract )?clauses|standardavtalsklausul|\bscc",
    ),
    Term(
        "bcr",
        _("Binding corporate rules, Art. 47"),
        "47",
        "appropriateGuarantees",
        r"yritystä koskevat sitovat|binding corporate|bindande företagsbestämmelser|\bbcr\b",
    ),
    Term(
        "derogation",
        _("Derogation for a specific situation, Art. 49"),
        "49",
        "derogation",
    ),
)
# Adequacy is the weakest signal ("riittävä" is an everyday word); the importer tries it last.
TRANSFER_MECHANISM_SEARCH_ORDER = ("eu_us_dpf", "scc", "bcr", "adequacy")

# The rights the 'Rights' section lists; objection and withdrawal have sections of their own.
RIGHTS = Vocabulary(
    Term(
        "access",
        _("Right of access (Art. 15)"),
        "15",
        "rightToInformation",
        r"tarkast|pääsy|nähdä|nähtäv|kopio|insyn|tillgång|kopia|access|copy of|(ask|right) to see",
        _(
            "You may ask whether we process your personal data and receive a copy of the data "
            "we hold about you, together with information on how it is processed."
        ),
    ),
    Term(
        "rectification",
        _("Right to rectification (Art. 16)"),
        "16",
        "rightToRectificationOrDeletion",
        r"oikais|korja|rättels|rectif|correct",
        _("You may ask us to correct inaccurate data about you and to complete incomplete data."),
    ),
    Term(
        "erasure",
        _("Right to erasure (Art. 17)"),
        "17",
        "rightToRectificationOrDeletion",
        r"poist|unohdetu|rader|eras|delet",
        _(
            "You may ask us to erase your data, for example when it is no longer needed for the "
            "purpose it was collected for or when you withdraw the consent it was based on. We "
            "may keep data that the law requires us to keep."
        ),
    ),
    Term(
        "restriction",
        _("Right to restriction of processing (Art. 18)"),
        "18",
        "",  # TILT has no member for restriction
        r"rajoit|begräns|restrict",
        _(
            "You may ask us to restrict the processing of your data while, for example, the "
            "accuracy of the data or the grounds for processing are being checked."
        ),
    ),
    Term(
        "portability",
        _("Right to data portability (Art. 20)"),
        "20",
        "rightToDataPortability",
        r"siirtää järjestelmästä|järjestelmästä toiseen|siirto-oikeus|siirrettäv|siirretyksi"
        r"|siirtää tiedot|koneluettav|flytt|maskinläsbar|portab|machine-readable",
        _(
            "When processing is based on your consent or on a contract and carried out by "
            "automated means, you may receive the data you gave us in a structured, commonly "
            "used and machine-readable format and have it transmitted to another controller."
        ),
    ),
)

# `tilt` names the member of TILT's nonDisclosure the answer makes true.
REQUIREMENT_KINDS = Vocabulary(
    Term(
        "contractual",
        _("Required to enter into or perform a contract"),
        "13(2)(e)",
        "contractualRegulation",
    ),
    Term("statutory", _("Required by law"), "13(2)(e)", "legalRequirement"),
    Term(
        "contract_prerequisite",
        _("A requirement for entering into a contract"),
        "13(2)(e)",
        "contractualRegulation",
    ),
    Term("voluntary", _("Voluntary"), "13(2)(e)"),
)

SECURITY_MEASURES = Vocabulary(
    Term("access_control", _("Access rights limited to those who need the data in their work")),
    Term("authentication", _("Personal user accounts with multi-factor authentication")),
    Term("encryption_transit", _("Encrypted connections")),
    Term("encryption_rest", _("Encrypted storage")),
    Term("backups", _("Regular backups")),
    Term("logging", _("Logging of use and access")),
    Term("training", _("Staff trained in data protection and bound by confidentiality")),
    Term("premises", _("Locked and supervised premises")),
)

# Finnish and Swedish inflect brand names: "Mailchimpin", "Zoomissa", "Googlen", "Googles".
BRAND_ENDING = (
    r"(?::?(?:n|in|en|a|ä|ia|iä|s|ssa|ssä|sta|stä|lla|llä|lle|ksi|iin|issa|issä|ista|istä"
    r"|ille|illa|illä|ilta|iltä))?"
)


def brand(pattern: str) -> str:
    """A provider pattern whose names may carry a case ending before their last boundary."""
    return re.sub(r"\\b(?=\||$)", BRAND_ENDING.replace("\\", "\\\\") + r"\\b", pattern)


# Providers that process personal data in the United States (or send it there), each with the
# names a notice uses for it and its products. Naming one implies a transfer (13(1)(f)) unless
# a declared transfer covers it. Keep this table current: it is the US-provider lint's list.
US_PROVIDERS = Vocabulary(
    Term("google", "Google", pattern=brand(r"\bgoogle\b|\byoutube\b|\bgmail\b|\bfirebase\b")),
    Term(
        "microsoft",
        "Microsoft",
        pattern=brand(
            r"\bmicrosoft\b|\boffice ?365\b|\bazure\b|\bms teams\b|\boutlook\.com\b|\bbing\b"
        ),
    ),
    Term("linkedin", "LinkedIn", pattern=brand(r"\blinkedin\b")),
    Term("mailchimp", "Mailchimp (Intuit)", pattern=brand(r"\bmailchimp\b|\bintuit\b")),
    Term(
        "goto",
        "GoTo (LogMeIn)",
        pattern=brand(r"\blogmein\b|\bgoto(meeting|webinar|connect)?\b|\bgo to meeting\b"),
    ),
    Term("zoom", "Zoom", pattern=brand(r"\bzoom\b")),
    Term("salesforce", "Salesforce", pattern=brand(r"\bsalesforce\b|\bpardot\b|\btableau\b")),
    Term("slack", "Slack", pattern=brand(r"\bslack\b")),
    Term("hubspot", "HubSpot", pattern=brand(r"\bhubspot\b")),
    Term("shopify", "Shopify", pattern=brand(r"\bshopify\b")),
    Term(
        "meta",
        "Meta (Facebook, Instagram, WhatsApp)",
        pattern=brand(r"\bmeta platforms\b|\bfacebook\b|\binstagram\b|\bwhatsapp\b"),
    ),
    Term("amazon", "Amazon Web Services", pattern=brand(r"\bamazon\b|\baws\b")),
    Term("apple", "Apple", pattern=brand(r"\bapple\b|\bicloud\b")),
    Term("dropbox", "Dropbox", pattern=brand(r"\bdropbox\b")),
    Term("stripe", "Stripe", pattern=brand(r"\bstripe\b")),
    Term("zendesk", "Zendesk", pattern=brand(r"\bzendesk\b")),
    Term("twilio", "Twilio (SendGrid)", pattern=brand(r"\btwilio\b|\bsendgrid\b")),
    Term("adobe", "Adobe", pattern=brand(r"\badobe\b|\bmarketo\b")),
    Term(
        "atlassian", "Atlassian", pattern=brand(r"\batlassian\b|\bjira\b|\bconfluence\b|\btrello\b")
    ),
    Term("calendly", "Calendly", pattern=brand(r"\bcalendly\b")),
    Term("cloudflare", "Cloudflare", pattern=brand(r"\bcloudflare\b")),
    Term("x", "X (Twitter)", pattern=brand(r"\btwitter\b")),
    Term("vimeo", "Vimeo", pattern=brand(r"\bvimeo\b")),
    Term("surveymonkey", "SurveyMonkey", pattern=brand(r"\bsurveymonkey\b")),
    Term("docusign", "DocuSign", pattern=brand(r"\bdocusign\b")),
    Term("paypal", "PayPal", pattern=brand(r"\bpaypal\b")),
)

# Countries outside the EU/EEA a notice names, with their name in the notice's language.
THIRD_COUNTRIES = Vocabulary(
    Term(
        "us",
        _("United States"),
        pattern=r"yhdysval|\busa\b|united states|förenta staterna|\bu\.s\.|eu-us|eu–us"
        r"|privacy[\s-]*shield|amerikan",
    ),
    Term(
        "uk",
        _("United Kingdom"),
        pattern=r"iso-britann|yhdistynee?(n|t) kuningaskun|united "
        r"kingdom|\buk\b|storbritannien|förenade kungariket",
    ),  # fmt: skip
    Term("ch", _("Switzerland"), pattern=r"sveitsi|switzerland|schweiz"),
    Term("ca", _("Canada"), pattern=r"kanada|canada"),
    Term("in", _("India"), pattern=r"intia|\bindia\b|indien"),
    Term("jp", _("Japan"), pattern=r"japani|japan"),
    Term("au", _("Australia"), pattern=r"australi"),
    Term("cn", _("China"), pattern=r"\bkiina|china|\bkina\b"),
    Term("ru", _("Russia"), pattern=r"venäj|russia|ryssland"),
)
