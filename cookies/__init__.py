"""Cookie consent for Wagtail on top of django-cookie-consent.

A host site needs three things: ``"cookies"`` and ``"cookie_consent"`` in INSTALLED_APPS,
``path("", include("cookies.urls"))`` inside its ``i18n_patterns`` (and, to keep the library's
status view, ``path("cookies/", include("cookie_consent.urls"))``), and
``{% load seloste_consent %}{% consent_ui %}`` once in its base template, inside the footer.

The public API for other apps:

- ``cookies.consent.request_reconsent(reason, revision_id=None)`` makes the banner ask every
  visitor again; ``cookies.consent.current_policy()`` reads the policy version in force.
- ``cookies.declarations.declared_cookie_groups()`` reads the declarations for display.
- ``cookies.ui.CONSENT_COUNTER`` moves on whenever anything consent shows changes, so a cache
  key that includes its value never serves a stale banner or cookie table.
- ``cookies.counters.CacheCounter`` and ``read_counters`` give other apps counters of their own.
"""
