"""The notice's rendered sections, cached by what they are made of.

Rendering a notice's sections (StreamField to Python, the snippets they name, ~25 block
templates) is most of the page's work, and it only changes when the body, a snippet or a cookie
declaration does. The key holds a hash of the body's stored data (so a new revision, an earlier
version or a translation gets its own entry), the language, a counter moved on whenever a
snippet changes, cookies' own counter for what consent shows, and the code's version (the
package and its templates, `code_version`). Previews are never cached.
"""

import functools
import hashlib
import importlib.metadata
import json
from pathlib import Path

from django.http import HttpRequest
from django.template import engines
from django.template.utils import get_app_template_dirs
from django.utils.translation import get_language

from cookies.counters import CacheCounter, read_counters
from cookies.ui import CONSENT_COUNTER

SNIPPETS_COUNTER = CacheCounter("notices:sections:generation")
# A day: entries of old revisions fall out on their own.
TIMEOUT = 60 * 60 * 24


# The template folders whose files render a notice's sections.
TEMPLATE_FOLDERS = ("notices", "cookies")


def template_directories() -> list[Path]:
    """Every folder Django loads templates from: the project's DIRS (a host's overrides) and
    the apps' own."""
    folders = []
    for engine in engines.all():
        folders += [Path(d) for d in getattr(engine, "dirs", [])]
    folders += [Path(d) for d in get_app_template_dirs("templates")]
    return list(dict.fromkeys(folders))


@functools.cache
def code_version() -> str:
    """What the code renders with: the installed Seloste version and the modification times of
    every notices/ and cookies/ template (the add-on's own and a host's overrides). Computed once
    per process, so a deploy or a new override shows at once after the restart, and entries
    rendered by older code are never read again."""
    digest = hashlib.sha256()
    try:
        digest.update(importlib.metadata.version("seloste").encode())
    except importlib.metadata.PackageNotFoundError:
        pass
    for directory in template_directories():
        for folder in TEMPLATE_FOLDERS:
            root = directory / folder
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*.html")):
                digest.update(f"{path}:{path.stat().st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def sections_cache_key(page, request: HttpRequest | None) -> str:
    """The key for `page`'s rendered sections, or "" when they must be rendered afresh."""
    if request is None or getattr(request, "is_preview", False):
        return ""
    snippets, consent = read_counters(SNIPPETS_COUNTER, CONSENT_COUNTER)
    if snippets is None or consent is None:
        return ""
    raw = json.dumps(list(page.body.raw_data), sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{page.pk}:{digest}:{get_language()}:{snippets}:{consent}:{code_version()}"


def forget_rendered_sections(**kwargs) -> None:
    """A signal receiver: a snippet changed, so every notice that names it renders afresh."""
    SNIPPETS_COUNTER.bump()
