"""Cookie consent for Wagtail on top of django-cookie-consent.

A host site needs three things: ``"cookies"`` and ``"cookie_consent"`` in INSTALLED_APPS,
``path("", include("cookies.urls"))`` inside its ``i18n_patterns`` (and, to keep the library's
status view, ``path("cookies/", include("cookie_consent.urls"))``), and
``{% load cookie_consent_ui %}{% consent_ui %}`` once in its base template, inside the footer.

Other apps make the banner ask again with
``cookies.consent.request_reconsent(reason, revision_id=None)`` and read the declarations with
``cookies.declarations.declared_cookie_groups()``.
"""
