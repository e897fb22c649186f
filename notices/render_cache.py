"""The notice's rendered sections, cached by what they are made of.

Rendering a notice's sections (StreamField to Python, the snippets they name, ~25 block
templates) is most of the page's work, and it only changes when the body, a snippet or a cookie
declaration does. The key holds a hash of the body's stored data (so a new revision, an earlier
version or a translation gets its own entry), the language, a counter moved on whenever a
snippet changes, and cookies' own counter for what consent shows. Previews are never cached.
"""

import hashlib
import json

from django.http import HttpRequest
from django.utils.translation import get_language

from cookies.counters import CacheCounter, read_counters
from cookies.ui import CONSENT_COUNTER

SNIPPETS_COUNTER = CacheCounter("notices:sections:generation")
# A day: entries of old revisions fall out on their own.
TIMEOUT = 60 * 60 * 24


def sections_cache_key(page, request: HttpRequest | None) -> str:
    """The key for `page`'s rendered sections, or "" when they must be rendered afresh."""
    if request is None or getattr(request, "is_preview", False):
        return ""
    snippets, consent = read_counters(SNIPPETS_COUNTER, CONSENT_COUNTER)
    if snippets is None or consent is None:
        return ""
    raw = json.dumps(list(page.body.raw_data), sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{page.pk}:{digest}:{get_language()}:{snippets}:{consent}"


def forget_rendered_sections(**kwargs) -> None:
    """A signal receiver: a snippet changed, so every notice that names it renders afresh."""
    SNIPPETS_COUNTER.bump()
