"""Counters in the shared cache that move on whenever what they guard changes.

A cache key that includes a counter's value is forgotten on every app server at once when the
counter is bumped: nothing has to find and delete the old entries, they simply stop being
read and expire. Every counter starts at 1, so whichever process reads it first, all agree.
When the cache cannot be reached a counter reads as None and callers work without the cache.
"""

from __future__ import annotations

import logging

from django.core.cache import caches

logger = logging.getLogger(__name__)

FIRST_VALUE = 1


class CacheCounter:
    """One named counter in a cache (the default one unless told otherwise)."""

    def __init__(self, key: str, alias: str = "default") -> None:
        self.key = key
        self.alias = alias

    def __repr__(self) -> str:
        return f"CacheCounter({self.key!r})"

    @property
    def cache(self):
        return caches[self.alias]

    def value(self) -> int | None:
        """The current value, or None when the cache is unavailable."""
        try:
            return self.cache.get_or_set(self.key, FIRST_VALUE, None)
        except Exception as error:  # noqa: BLE001 - any cache backend failure means "no cache"
            logger.warning("Cache counter %s unavailable: %s", self.key, error)
            return None

    def bump(self, **signal_kwargs) -> None:
        """Move the counter on; usable directly as a signal receiver."""
        try:
            try:
                self.cache.incr(self.key)
            except ValueError:  # not there yet (a fresh or flushed cache)
                self.cache.set(self.key, FIRST_VALUE + 1, None)
        except Exception as error:  # noqa: BLE001 - a cache outage must not fail a save
            logger.warning("Cache counter %s could not be moved on: %s", self.key, error)


def read_counters(*counters: CacheCounter) -> list[int | None]:
    """The values of several counters of one cache in one round trip where they exist."""
    if not counters:
        return []
    cache = counters[0].cache
    try:
        found = cache.get_many([counter.key for counter in counters])
    except Exception as error:  # noqa: BLE001 - see CacheCounter.value
        logger.warning("Cache counters unavailable: %s", error)
        return [None] * len(counters)
    return [found.get(counter.key) or counter.value() for counter in counters]
