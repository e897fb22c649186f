"""Production settings on 127.0.0.1 without TLS: `make serve`, `make bench` and `make soak`.

Everything is production (DEBUG off, WhiteNoise, CSP, page cache, SMTP outbox) except what
plain HTTP on loopback cannot do: no redirect to HTTPS, no HSTS, cookies not marked Secure.
"""

import os

os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .production import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Mail is printed where `make serve` runs, unless an SMTP server is asked for.
if "DJANGO_EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

# The bench and soak post hundreds of requests from one address; they measure the request
# path, not the abuse limits (which tests/rights_requests covers).
if os.environ.get("SELOSTE_LOAD_TEST") == "1":
    SELOSTE_REQUEST_RATE_LIMITS = {"address": (1_000_000, 3600), "email": (1_000_000, 3600)}
