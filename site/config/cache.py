"""The shared cache fails open: with its server down, pages are rendered without it.

Everything the project keeps in Redis can be computed again (consent texts, rendered sections,
Wagtail's site root paths, the counters of the page cache), so an unreachable Redis must cost
speed, never a 500. Django's RedisCache raises on every call while the server is away, and
Wagtail and django-cookie-consent call it without guarding; this backend answers those calls
as misses instead, logs the outage once and counts the calls it answered without the server.

After a failure it stops trying for RETRY_SECONDS, so a server that is gone (or a network that
drops packets) costs one short timeout per process, not one per call. What must not be lost is
an invalidation: a delete or a counter bump made while the server was away is kept (bounded)
and sent when it answers again, so nothing it holds from before the outage outlives a change.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Invalidations kept for the server's return; past this the whole cache is emptied instead.
PENDING_LIMIT = 1000


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache whose failures read as misses (see the module's docstring)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._pending: list[tuple[str, str, int | None, int]] = []
        self._overflowed = False
        # Calls answered without the server, in this process (the count the log reports).
        self.unavailable_calls = 0

    @property
    def available(self) -> bool:
        """False while the server is taken as down: what was just read is not the server's."""
        return time.monotonic() >= self._down_until

    # --- bookkeeping ----------------------------------------------------------------------------

    def _skip(self) -> bool:
        if self.available:
            return False
        self.unavailable_calls += 1
        return True

    def _failed(self, operation: str, error: Exception) -> None:
        with self._lock:
            was_up = self.available
            self._down_until = time.monotonic() + RETRY_SECONDS
            self.unavailable_calls += 1
            count = self.unavailable_calls
        if was_up:
            logger.warning(
                "Cache server unavailable (%s on %s); serving without it, trying again in "
                "%.0f s (%d calls without it in this process so far)",
                error,
                operation,
                RETRY_SECONDS,
                count,
            )

    def _remember(self, operation: str, key: str, version: int | None, delta: int = 0) -> None:
        with self._lock:
            if len(self._pending) < PENDING_LIMIT:
                self._pending.append((operation, key, version, delta))
            else:
                self._overflowed = True

    def _call(self, operation: str, default, *args, **kwargs):
        if self._skip():
            return default
        try:
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._failed(operation, error)
            return default
        if self._pending or self._overflowed:
            self._replay()
        return result

    def _replay(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
            overflowed, self._overflowed = self._overflowed, False
        try:
            if overflowed:
                super().clear()
                logger.warning("Cache server back: emptied it (too many changes while away)")
                return
            for operation, key, version, delta in pending:
                if operation == "delete":
                    super().delete(key, version=version)
                else:
                    try:
                        super().incr(key, delta, version=version)
                    except ValueError:
                        pass  # gone with the server's restart: a new value is taken anyway
            logger.warning("Cache server back: %d changes made while away sent", len(pending))
        except RedisError as error:
            with self._lock:
                self._pending[:0] = pending
                self._overflowed = self._overflowed or overflowed
            self._failed("replay", error)

    # --- the cache API --------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        deleted = self._call("delete", None, key, version)
        if deleted is None:  # not reached: delete it when the server is back
            self._remember("delete", key, version)
            return False
        return deleted

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        value = self._call("incr", None, key, delta, version)
        if value is None:
            # Unreachable: the bump is sent when the server is back. The caller learns nothing
            # reliable about the value, as for a missing key.
            self._remember("incr", key, version, delta)
            raise ValueError(f"Key '{key}' not reachable (cache server unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self._call("set_many", None, data, timeout, version)
        return list(data) if failed is None else failed

    def delete_many(self, keys, version=None):
        keys = list(keys)
        if self._call("delete_many", False, keys, version) is False:
            for key in keys:
                self._remember("delete", key, version)

    def clear(self):
        if self._call("clear", False) is False:
            with self._lock:
                self._overflowed = True
            return False
        return True
