"""Rate limits on the request form, per client address and per email, kept in the database so
every app server sees the same counts."""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
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
    """Count one submission. False (and nothing counted) when any limit is already reached."""
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


def prune_rate_limit_events(older_than: datetime.datetime) -> int:
    deleted, _counts = RateLimitEvent.objects.filter(created_at__lt=older_than).delete()
    return deleted
