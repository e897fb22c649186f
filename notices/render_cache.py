"""The notice's rendered sections, cached by what they are made of.

Rendering a notice's sections (StreamField to Python, the snippets they name, ~25 block
templates) is most of the page's work, and it only changes when the body, a snippet or a cookie
declaration does. The key holds a hash of the body's stored data (so a new revision, an earlier
version or a translation gets its own entry), the language, a counter bumped whenever a snippet
changes, and cookies/' own counter for declarations. Previews are never cached.
"""

import hashlib
import json

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.utils.translation import get_language

from cookies.ui import GENERATION_KEY as COOKIES_GENERATION_KEY

from .snippets import ContactPerson, Organisation, SupervisoryAuthority

GENERATION_KEY = "notices:sections:generation"
# A day: entries of old revisions fall out on their own.
TIMEOUT = 60 * 60 * 24


def sections_cache_key(page, request: HttpRequest | None) -> str:
    """The key for `page`'s rendered sections, or "" when they must be rendered afresh."""
    if request is None or getattr(request, "is_preview", False):
        return ""
    raw = json.dumps(list(page.body.raw_data), sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    # The same default as cookies.ui, so the first page and the next agree on the key.
    cookies_generation = cache.get_or_set(COOKIES_GENERATION_KEY, 1, None)
    return f"{page.pk}:{digest}:{get_language()}:{generation}:{cookies_generation}"


def forget_rendered_sections(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


for model in (Organisation, ContactPerson, SupervisoryAuthority):
    post_save.connect(forget_rendered_sections, sender=model, dispatch_uid=f"sections-{model}")
    post_delete.connect(forget_rendered_sections, sender=model, dispatch_uid=f"sections-d{model}")
