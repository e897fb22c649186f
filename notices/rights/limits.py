"""Rate limits on the request form, per client address and per email, kept in the database so
every app server sees the same counts, and the lock that makes a submission atomic.

Counting, looking for an earlier request and storing the new one happen under one lock per
limited key (`submission_lock`), so that any number of identical posts at the same moment give
one request and never more accepted posts than the limit: on PostgreSQL a transaction-level
advisory lock per key, on SQLite the database's write lock taken when the transaction begins.
"""

import contextlib
import datetime
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .models import RateLimitEvent


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    window: datetime.timedelta


def rate_limits() -> list[RateLimit]:
    """Per client address and per email; SELOSTE_REQUEST_RATE_LIMITS overrides the defaults."""
    configured = getattr(
        settings,
        "SELOSTE_REQUEST_RATE_LIMITS",
        {"address": (10, 3600), "email": (3, 3600)},
    )
    return [
        RateLimit(scope, limit, datetime.timedelta(seconds=seconds))
        for scope, (limit, seconds) in configured.items()
    ]


def normalise_email(email: str) -> str:
    """One key per mailbox: case, surrounding space and a `+tag` in the local part ignored,
    so `Maija+1@Example.com ` counts as `maija@example.com` for limits and repeats."""
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return email.strip().lower()
    untagged = local.split("+", 1)[0]
    return f"{untagged or local}@{domain.rstrip('.')}".lower()


def _rate_key(scope: str, value: str) -> str:
    # Keyed, so the table cannot be reversed into addresses by hashing guesses.
    if scope == "email":
        value = normalise_email(value)
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value.strip().lower()}".encode(), hashlib.sha256
    ).hexdigest()


def check_and_count_rate(values: dict[str, str]) -> bool:
    """Count one submission. False (and nothing counted) when any limit is already reached.

    Call it inside `submission_lock` for the same values, or two posts may both pass.
    """
    now = timezone.now()
    keys = {}
    for rule in rate_limits():
        value = values.get(rule.scope)
        if not value:
            continue
        key = _rate_key(rule.scope, value)
        recent = RateLimitEvent.objects.filter(
            scope=rule.scope, key_hash=key, created_at__gte=now - rule.window
        ).count()
        if recent >= rule.limit:
            return False
        keys[rule.scope] = key
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(scope=scope, key_hash=key, created_at=now) for scope, key in keys.items()]
    )
    return True


def _advisory_key(scope: str, value: str) -> int:
    """A signed 64-bit number for pg_advisory_xact_lock, one per limited key."""
    digest = hashlib.blake2b(
        f"seloste.rights:{scope}:{value}".encode(), digest_size=8, person=b"seloste"
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextlib.contextmanager
def submission_lock(values: dict[str, str], using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction in which nobody else submits with any of these values (scope → value).

    PostgreSQL: one advisory lock per value, taken in a fixed order so two submissions sharing
    two values cannot deadlock, released when the transaction ends. SQLite: BEGIN IMMEDIATE
    takes the write lock before the first read, so no two submissions count and insert at once
    (inside an already open transaction, a write first takes it as early as possible).
    """
    connection = connections[using]
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        connection.ensure_connection()
        saved_mode = connection.transaction_mode
        connection.transaction_mode = "IMMEDIATE"
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = saved_mode
                yield
        finally:
            connection.transaction_mode = saved_mode
        return

    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                keys = sorted({_advisory_key(s, v) for s, v in values.items() if v})
                for key in keys:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
            elif connection.vendor == "sqlite":
                cursor.execute(
                    f"UPDATE {RateLimitEvent._meta.db_table} SET id = id WHERE 0"  # noqa: S608
                )
        yield


def prune_rate_limit_events(older_than: datetime.datetime) -> int:
    deleted, _counts = RateLimitEvent.objects.filter(created_at__lt=older_than).delete()
    return deleted
