"""The supervisory authorities Seloste knows, as data its migrations and commands install.

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
# What is the same in every language.
FINNISH_AUTHORITY_SHARED = {
    "phone": "+358 29 566 6700",
    "email": "tietosuoja@om.fi",
    "website": "https://tietosuoja.fi",
    "is_default": True,
}
