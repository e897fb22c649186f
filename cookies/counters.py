"""Counters in the shared cache that move on whenever what they guard changes.

A cache key that includes a counter's value is forgotten on every app server at once when the
counter is bumped: nothing has to find and delete the old entries, they simply stop being
read and expire. A counter starts at the time it is first read (in milliseconds), so whichever
process reads it first, all agree, and a cache server that restarts empty never hands out a
value that keys from before the restart still carry.

When the cache cannot be reached a counter reads as None and callers work without the cache.
A fail-open backend (one with an `available` attribute, as the project's Redis backend) answers
misses while its server is away; its counters read as None then too.

They live in the cache named by the SELOSTE_COUNTER_CACHE_ALIAS setting ("default"): every
process that renders or changes pages must see the same one.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


def fresh_value() -> int:
    return time.time_ns() // 1_000_000


def available(cache) -> bool:
    return getattr(cache, "available", True)


def counter_cache():
    return caches[getattr(settings, "SELOSTE_COUNTER_CACHE_ALIAS", "default")]


class CacheCounter:
    """One named counter in the counters' cache (SELOSTE_COUNTER_CACHE_ALIAS)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"CacheCounter({self.key!r})"

    @property
    def cache(self):
        return counter_cache()

    def value(self) -> int | None:
        """The current value, or None when the cache is unavailable."""
        cache = self.cache
        try:
            value = cache.get_or_set(self.key, fresh_value, None)
        except Exception as error:  # noqa: BLE001 - any cache backend failure means "no cache"
            logger.warning("Cache counter %s unavailable: %s", self.key, error)
            return None
        return value if available(cache) else None

    def bump(self, **signal_kwargs) -> None:
        """Move the counter on; usable directly as a signal receiver."""
        cache = self.cache
        try:
            try:
                cache.incr(self.key)
            except ValueError:  # not there yet (a fresh or flushed cache), or unreachable
                cache.set(self.key, fresh_value(), None)
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
    if not available(cache):
        return [None] * len(counters)
    return [found.get(counter.key) or counter.value() for counter in counters]


def cache_get(cache, key: str, default=None):
    """cache.get that reads an unreachable cache as a miss (for backends that raise)."""
    try:
        return cache.get(key, default)
    except Exception as error:  # noqa: BLE001 - a cache outage costs a render, never a page
        logger.warning("Cache unavailable reading %s: %s", key, error)
        return default


def cache_set(cache, key: str, value, timeout) -> None:
    """cache.set that lets an unreachable cache go (for backends that raise)."""
    try:
        cache.set(key, value, timeout)
    except Exception as error:  # noqa: BLE001 - see cache_get
        logger.warning("Cache unavailable writing %s: %s", key, error)
