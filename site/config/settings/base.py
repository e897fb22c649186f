"""Settings shared by every environment; dev, test and production override a few of them."""

import os
from pathlib import Path

import dj_database_url

# site/config/settings/base.py -> repository root
BASE_DIR = Path(__file__).resolve().parents[3]
SITE_DIR = BASE_DIR / "site"

INSTALLED_APPS = [
    "home",
    "notices",
    "notices.rights",
    "notices.outbox",
    "notices.drift",
    "cookies",
    "cookies.scanner",
    # Content translation is wagtail-localize's alone: wagtail.contrib.simple_translation would
    # offer editors a second "Translate" that copies pages outside its sync and drift tracking.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "cookie_consent",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default so a fresh clone runs without a server; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Finnish first; Swedish and English beside it.
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("en", "English"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [SITE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "config.staticbundles.BundleFinder",
]
# One stylesheet per page: every public page links css/site.css, joined from the site's own
# styles and the add-ons' (config/staticbundles.py), so the add-ons link none of their own.
STATIC_BUNDLES = {
    "css/site.css": [
        "css/base.css",
        "seloste/cookies/consent.css",
        "seloste/notices/notice.css",
        "seloste/notices/notice-versions.css",
        "seloste/rights/request-form.css",
        ("seloste/notices/notice-print.css", "print"),
    ],
}
SELOSTE_BANNER_CSS = False
SELOSTE_NOTICE_CSS = False
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Seloste"
# Links in mails and command output; `make run HOST=… PORT=…` passes its own address.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin would send a hash of each editor's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Mail is stored as rows and delivered by a background task on its own durable backend
# (`db_worker --backend seloste`), so a mail outage loses nothing; Wagtail's own tasks (search
# and reference indexing) stay on the default backend and run at once.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "seloste": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

DEFAULT_FROM_EMAIL = "Seloste <no-reply@example.com>"

# The consent cookie is first-party and necessary; it holds no personal data.
COOKIE_CONSENT_NAME = "cookie_consent"
COOKIE_CONSENT_MAX_AGE = 60 * 60 * 24 * 365
COOKIE_CONSENT_LOG_ENABLED = False

# The cookie scan always visits the request forms: they set the CSRF cookie no other page does.
SELOSTE_SCAN_ALWAYS_PAGE_TYPES = ["seloste_rights.RightsRequestPage"]
