"""Banner and declaration versions: each distinct text and cookie table a visitor can choose
on, per language, stored once, so every consent record can point to exactly what was shown.

A version is found by the fingerprint of its content, so showing the same banner a million
times stores it once, and changing one word stores a new one. Finding it is cached by that
fingerprint; a page whose banner has not changed costs no query.
"""

import dataclasses
import hashlib
import json
import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.translation import get_language, override

from .counters import cache_get, cache_set
from .declarations import declared_cookie_groups
from .models import BannerVersion, DeclarationVersion

logger = logging.getLogger(__name__)
# Content-addressed: an entry never goes stale, it only stops being asked for.
TIMEOUT = 24 * 60 * 60


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def language_code(language: str | None = None) -> str:
    return (language or get_language() or "").split("-")[0][:10]


def banner_version_id(surface: str, html: str, language: str | None = None) -> int | None:
    """The id of the version holding this HTML on this surface; made on first sight. None when
    the database cannot be written (a read-only standby): the record then says so by a gap."""
    language = language_code(language)
    digest = fingerprint(html)
    key = f"cookies:banner-version:{surface}:{language}:{digest}"
    found = cache_get(cache, key)
    if found is None:
        try:
            version, __ = BannerVersion.objects.get_or_create(
                surface=surface, language=language, digest=digest, defaults={"html": html}
            )
        except DatabaseError as error:
            logger.warning("Banner version not stored: %s", error)
            return None
        found = version.pk
        cache_set(cache, key, found, TIMEOUT)
    return found


def declaration_content(language: str | None = None) -> list[dict]:
    """The cookie table as data: every group with its cookies, storage keys and providers."""
    with override(language_code(language) or None):
        return [dataclasses.asdict(group) for group in declared_cookie_groups()]


def declaration_version_id(language: str | None = None, *, for_record: bool = False) -> int | None:
    """The id of the version holding today's declarations in this language.

    `for_record`: the id goes into a record, so it is read from the database, never from a
    cache that may remember a row a restore took away.
    """
    language = language_code(language)
    groups = declaration_content(language)
    text = json.dumps(groups, sort_keys=True, ensure_ascii=False, default=str)
    digest = fingerprint(text)
    key = f"cookies:declaration-version:{language}:{digest}"
    found = None if for_record else cache_get(cache, key)
    if found is None:
        try:
            version, __ = DeclarationVersion.objects.get_or_create(
                language=language, digest=digest, defaults={"groups": json.loads(text)}
            )
        except DatabaseError as error:
            logger.warning("Declaration version not stored: %s", error)
            return None
        found = version.pk
        cache_set(cache, key, found, TIMEOUT)
    return found
