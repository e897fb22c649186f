"""Production settings on loopback for gunicorn started by the tests: static files from the
finders (the tests collect none); everything else is what a deployment runs."""

from config.settings.loopback import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
