import copy
import os

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cookies import csp as consent_csp

from .base import *  # noqa: F403


def require_env(name: str) -> str:
    """Return an environment variable or stop: production must never run on a default secret."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


# SQLite in production (a small site, or `make serve`): web and task workers write at once, so
# take the write lock when a transaction starts and wait for it instead of failing "locked";
# WAL lets readers go on while one writes.
DATABASES = copy.deepcopy(DATABASES)  # noqa: F405  (never change base's dict in place)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEBUG = False
SECRET_KEY = require_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in require_env("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
if os.environ.get("WAGTAILADMIN_BASE_URL"):
    WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"]

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
# A hung mail server must not hold a task worker forever; the outbox retries later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The answer to a whole message may take long (the server scans it first); waiting for it is
# what keeps a slow server from getting the message twice (notices/outbox/smtp.py).
SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT = int(
    os.environ.get("SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT", "120")
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Whose X-Forwarded-For to believe for the client's address (rate limits): the proxies'
# addresses or networks, or their number. Without it, gunicorn's FORWARDED_ALLOW_IPS (the same
# proxies), else loopback only (cookies/client_address.py).
_trusted_proxies = os.environ.get(
    "SELOSTE_TRUSTED_PROXIES", os.environ.get("FORWARDED_ALLOW_IPS", "").replace("*", "")
).strip()
if _trusted_proxies.isdigit():
    SELOSTE_TRUSTED_PROXIES = int(_trusted_proxies)
elif _trusted_proxies:
    SELOSTE_TRUSTED_PROXIES = [p.strip() for p in _trusted_proxies.split(",") if p.strip()]
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# --- Static files: nginx serves them in front (deploy/nginx/), WhiteNoise when the app server
# stands alone; minified, compressed (Brotli, gzip) and with content-hashed names so they can be
# cached for a year. `collectstatic` builds them (config/storage.py).
MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# Before anything that asks Wagtail for the request's site (see config/middleware.py).
# Any process that saves a page or publishes one (the admin, a task worker, `publish_scheduled`)
# must move the site lookups and the page cache on; the project's app config connects that.
INSTALLED_APPS = [*INSTALLED_APPS, "config.apps.ConfigConfig"]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "config.middleware.SiteLookupCacheMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.MinifiedStaticFilesStorage"},
}
# /favicon.ico and the like, at the site's root, without the app (nginx serves the same folder).
WHITENOISE_ROOT = SITE_DIR / "root"  # noqa: F405
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405

# --- Cache: Redis shared by every app server when REDIS_URL is set (consent texts, rendered
# sections, Wagtail's site root paths, the page cache's counters), else each process keeps its
# own in memory. Redis fails open (config/cache.py): with it down, pages are rendered without it.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # A Redis that stops answering costs one short wait per process, then none for a while.
    redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "seloste",
            "OPTIONS": {
                "socket_connect_timeout": redis_timeout,
                "socket_timeout": redis_timeout,
            },
        }
    }
    SELOSTE_COUNTER_CACHE_ALIAS = "default"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The counters that tell every process a page was published (cookies/counters.py) must
        # be one for all the processes of the server, web and task workers alike: files in a
        # folder they share. One server only; more than one needs REDIS_URL.
        "counters": {
            "BACKEND": "config.counter_files.CounterFileCache",
            "LOCATION": os.environ.get(
                "SELOSTE_COUNTER_DIR",
                str(BASE_DIR / "var" / "counters"),  # noqa: F405
            ),
            "TIMEOUT": None,
        },
    }
    SELOSTE_COUNTER_CACHE_ALIAS = "counters"

# --- Page cache: anonymous GETs of public pages are the same bytes for every visitor, so each
# process keeps them for a short while. Publishing a page or changing consent settings moves every
# server to fresh keys at once through a counter in the shared cache (config/middleware.py).
# 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("SELOSTE_PAGE_CACHE_SECONDS", "60"))
if PAGE_CACHE_SECONDS > 0:
    # Its own local cache: per-process, so it costs no network round trip and emptying it
    # never touches the shared cache.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "seloste-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
    SELOSTE_PAGE_CACHE_ALIAS = "pages"
    SELOSTE_PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS
    SELOSTE_PAGE_CACHE_PREFIX = "page"
    # Right after WhiteNoise: what is stored already carries every header (CSP included), and a
    # hit skips sessions, CSRF, auth and the rest, as a static file does. The key is the URL,
    # which carries the language (/fi/, /sv/, /en/).
    at = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    MIDDLEWARE[at:at] = [
        "config.middleware.UpdatePageCacheMiddleware",
        "config.middleware.FetchFromPageCacheMiddleware",
    ]

# --- Content-Security-Policy: only this site, plus Google's tag and analytics hosts on a site
# whose editors have set a GA4 measurement ID (config.middleware.SiteCSPMiddleware adds them).
# The inline Consent Mode default is allowed by its hash, never by 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    # The Wagtail and Django admins use inline scripts; only signed-in staff reach them.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *consent_csp.script_hashes()],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "config.middleware.SiteCSPMiddleware",
)
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]  # noqa: F405

# --- Purging on publish (Wagtail's frontend cache): the nginx in front (deploy/nginx/, its purge
# address) or a CDN, configured by the environment. The purge runs in the process that publishes,
# right after the publish is committed (TASKS["default"] runs Wagtail's tasks at once).
FRONTEND_CACHE_URL = os.environ.get("SELOSTE_FRONTEND_CACHE_URL", "").strip()
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "config.frontend_cache.NginxPurgeBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
elif os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": require_env("CLOUDFLARE_BEARER_TOKEN"),
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }
if FRONTEND_CACHE_URL or os.environ.get("CLOUDFLARE_ZONEID"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]
    # Each translation is a page of its own with its own address and its own publish, so a
    # page's address is never rewritten into the other languages' prefixes.
    WAGTAILFRONTENDCACHE_LANGUAGES = []

# --- Logs to stderr, where gunicorn and the process manager collect them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
