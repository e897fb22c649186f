"""The countries a controller may be in, and how each one's business ID is checked.

GDPR applies to controllers in the EU and the EEA, and to those outside it who serve people
here (Switzerland, the United Kingdom and the USA are the commonest). A Finnish organisation's
business ID (Y-tunnus) is checked with its check digit; another country's registration or VAT
number is checked with python-stdnum where it knows that country's format, and otherwise taken
as the organisation writes it ("HRB 12345 B, Amtsgericht Charlottenburg").
"""

import re
from importlib import import_module

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as ValidationError_

from .validators import normalise_business_id, validate_business_id

COUNTRIES = [
    ("FI", _("Finland")),
    ("SE", _("Sweden")),
    ("NO", _("Norway")),
    ("DK", _("Denmark")),
    ("IS", _("Iceland")),
    ("EE", _("Estonia")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("DE", _("Germany")),
    ("AT", _("Austria")),
    ("CH", _("Switzerland")),
    ("LI", _("Liechtenstein")),
    ("NL", _("Netherlands")),
    ("BE", _("Belgium")),
    ("LU", _("Luxembourg")),
    ("FR", _("France")),
    ("IE", _("Ireland")),
    ("GB", _("United Kingdom")),
    ("ES", _("Spain")),
    ("PT", _("Portugal")),
    ("IT", _("Italy")),
    ("MT", _("Malta")),
    ("GR", _("Greece")),
    ("CY", _("Cyprus")),
    ("PL", _("Poland")),
    ("CZ", _("Czechia")),
    ("SK", _("Slovakia")),
    ("HU", _("Hungary")),
    ("SI", _("Slovenia")),
    ("HR", _("Croatia")),
    ("RO", _("Romania")),
    ("BG", _("Bulgaria")),
    ("US", _("United States")),
]
COUNTRY_NAMES = dict(COUNTRIES)

# The national company registration numbers python-stdnum checks (module paths under stdnum).
COMPANY_ID_MODULES = {
    "SE": ["se.orgnr"],
    "NO": ["no.orgnr"],
    "DK": ["dk.cvr"],
    "IS": ["is_.kennitala"],
    "EE": ["ee.registrikood"],
    "AT": ["at.businessid"],
    "CH": ["ch.uid"],
    "BE": ["be.vat"],
    "FR": ["fr.siren", "fr.siret"],
    "ES": ["es.cif"],
    "PT": ["pt.nif"],
    "IT": ["it.iva"],
    "PL": ["pl.regon"],
    "SI": ["si.maticna"],
    "HR": ["hr.oib"],
    "RO": ["ro.onrc"],
    "US": ["us.ein"],
}
# VAT numbers carry their country's prefix (Greece's is EL); stdnum's EU module knows every EU
# member state, the others have modules of their own.
VAT_MODULES = {"CH": "ch.vat", "NO": "no.mva", "GB": "gb.vat", "IS": "is_.vsk"}
EU_VAT_PREFIXES = {code for code, _name in COUNTRIES} - {"NO", "IS", "CH", "LI", "GB", "US"}
VAT_PREFIX = {"GR": "EL"}
SEPARATORS = re.compile(r"[\s.\-/]")
NUMBER_ONLY = re.compile(r"^[0-9][0-9\s.\-/]*$")


def _stdnum(path: str):
    return import_module(f"stdnum.{path}")


def _vat_module(country: str):
    if country in EU_VAT_PREFIXES:
        return _stdnum("eu.vat")
    return _stdnum(VAT_MODULES[country]) if country in VAT_MODULES else None


def looks_like_vat_number(value: str, country: str) -> bool:
    """A VAT number written with its country prefix: "DE123456789", "SE 5560360793 01"."""
    compact = SEPARATORS.sub("", value).upper()
    prefix = VAT_PREFIX.get(country, country)
    return compact.startswith(prefix) and compact[len(prefix) :][:1].isdigit()


def clean_business_id(value: str, country: str) -> str:
    """The business ID as it is kept, or a ValidationError an editor understands.

    Finnish organisations must give a valid Y-tunnus. Others may give none, a VAT number, a
    national registration number or any other registration they have.
    """
    value = (value or "").strip()
    name = COUNTRY_NAMES.get(country, country)
    if country == "FI":
        if not value:
            raise ValidationError(
                _("A Finnish organisation has a business ID (Y-tunnus): enter it."),
                code="business_id_required",
            )
        validate_business_id(value)
        return normalise_business_id(value)
    if not value:
        return ""
    if looks_like_vat_number(value, country):
        module = _vat_module(country)
        compact = SEPARATORS.sub("", value).upper()
        if module is not None:
            try:
                module.validate(compact)
            except InvalidChecksum:
                raise ValidationError(
                    _("The check digit of this VAT number does not match. Check the number."),
                    code="vat_number_checksum",
                ) from None
            except ValidationError_:
                raise ValidationError(
                    _("This is not in the form of a VAT number of %(country)s. Check it.")
                    % {"country": name},
                    code="vat_number_format",
                ) from None
        return compact
    modules = COMPANY_ID_MODULES.get(country, [])
    if modules and NUMBER_ONLY.match(value):
        for path in modules:
            module = _stdnum(path)
            if module.is_valid(value):
                return module.format(value) if hasattr(module, "format") else module.compact(value)
        raise ValidationError(
            _(
                "This is not a valid business ID of %(country)s: check the number, or enter "
                "the VAT number with its country prefix."
            )
            % {"country": name},
            code="business_id_invalid",
        )
    return value
