from .base import *  # noqa: F403

DEBUG = True
# Development only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = "dev-only-not-secret-3c1f0b7e"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
