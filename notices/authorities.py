"""The supervisory authorities Seloste knows, as data `prepare_seloste` installs.

Each authority is given in every language it publishes its contact details in; one translation
key ties the languages together so wagtail-localize treats them as translations of one record.
"""

# Finland's Office of the Data Protection Ombudsman, the default for Finnish controllers.
FINNISH_AUTHORITY = {
    "fi": {
        "name": "Tietosuojavaltuutetun toimisto",
        "street_address": "Lintulahdenkuja 4, 00530 Helsinki",
        "postal_address": "PL 800, 00531 Helsinki",
    },
    "sv": {
        "name": "Dataombudsmannens byrå",
        "street_address": "Fågelviksgränden 4, 00530 Helsingfors",
        "postal_address": "PB 800, 00531 Helsingfors",
    },
    "en": {
        "name": "Office of the Data Protection Ombudsman",
        "street_address": "Lintulahdenkuja 4, 00530 Helsinki, Finland",
        "postal_address": "P.O. Box 800, 00531 Helsinki, Finland",
    },
}
# What is the same in every language (as migration 0002 installed it: no country yet).
FINNISH_AUTHORITY_SHARED = {
    "phone": "+358 29 566 6700",
    "email": "tietosuoja@om.fi",
    "website": "https://tietosuoja.fi",
    "is_default": True,
}


# By country: each authority's texts per language and what is the same in every language. An
# organisation in another country names its own authority, which editors add as a snippet
# (with that country) or which is added here.
AUTHORITIES = {"FI": (FINNISH_AUTHORITY, {**FINNISH_AUTHORITY_SHARED, "country": "FI"})}
# Installed whatever the organisations' countries: most sites using Seloste are Finnish.
DEFAULT_COUNTRY = "FI"


def install_authority(country: str, report) -> None:
    """`country`'s authority in each of the site's languages it has texts for (else in the
    default language, in English), all sharing one record of contact details."""
    import uuid

    from wagtail.models import Locale

    from .models import AuthorityContactDetails, SupervisoryAuthority

    texts_by_language, shared = AUTHORITIES[country]
    name = texts_by_language["en"]["name"]
    if SupervisoryAuthority.objects.filter(email=shared["email"]).exists():
        report(f"Supervisory authority “{name}” is in place.")
        return
    chosen = {}
    for locale in Locale.objects.all():
        texts = texts_by_language.get(locale.language_code.split("-")[0])
        if texts:
            chosen[locale] = texts
    if not chosen:
        chosen = {Locale.get_default(): texts_by_language["en"]}
    facts = AuthorityContactDetails.objects.create(**shared)
    translation_key = uuid.uuid4()
    for locale, texts in chosen.items():
        SupervisoryAuthority.objects.create(
            locale=locale, translation_key=translation_key, facts=facts, **texts
        )
    languages = ", ".join(sorted(locale.language_code for locale in chosen))
    report(
        f"Installed the supervisory authority “{name}” as the default for {country} ({languages})."
    )


def install_default_authority(report) -> None:
    """Finland's authority, and that of every organisation's country Seloste has data for;
    a country without data is named, so its authority can be added as a snippet."""
    from .models import Organisation, SupervisoryAuthority

    countries = {DEFAULT_COUNTRY, *Organisation.objects.values_list("country", flat=True)}
    for country in sorted(countries, key=lambda c: (c != DEFAULT_COUNTRY, c)):
        if country in AUTHORITIES:
            install_authority(country, report)
        elif not SupervisoryAuthority.objects.filter(country=country).exists():
            report(
                f"No supervisory authority for {country}: add it under Seloste → Privacy "
                "notice → Supervisory authorities, with its country."
            )
