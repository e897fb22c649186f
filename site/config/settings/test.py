from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]

# A fast hasher: tests create many users and password hashing is deliberately slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Plain storage: no manifest needed, so tests run without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django's locmem outbox is the real outbox for tests: mail.outbox shows what was sent.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

WAGTAILADMIN_BASE_URL = "http://testserver"
