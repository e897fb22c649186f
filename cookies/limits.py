"""A limit on first decisions per client address, so one client cannot fill the proof table.

A decision from a visitor whose consent id already has a record is never limited (it changes
their own record chain, and a repeat that changes nothing writes nothing anyway). A decision
without one starts a new chain; those are counted per client address, the address as the
site's own proxies saw it (client_address.py) and stored only as a keyed hash.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .client_address import client_limit_key
from .models import ConsentRateEvent

DEFAULT_LIMIT = (60, 600)  # first decisions per address per ten minutes


@dataclass(frozen=True)
class FirstDecisionLimit:
    limit: int
    window: datetime.timedelta

    @classmethod
    def configured(cls) -> "FirstDecisionLimit":
        """SELOSTE_CONSENT_RATE_LIMIT = (decisions, seconds); None turns the limit off."""
        limit, seconds = getattr(settings, "SELOSTE_CONSENT_RATE_LIMIT", DEFAULT_LIMIT) or (0, 0)
        return cls(int(limit), datetime.timedelta(seconds=int(seconds)))


def address_hash(request: HttpRequest) -> str:
    # Keyed, so the table cannot be turned back into addresses by hashing guesses.
    key = client_limit_key(request) or "unknown"
    return hmac.new(
        settings.SECRET_KEY.encode(), f"consent:{key}".encode(), hashlib.sha256
    ).hexdigest()


def allow_first_decision(request: HttpRequest) -> bool:
    """Count one first decision from this client; False (and nothing counted) over the limit."""
    rule = FirstDecisionLimit.configured()
    if rule.limit <= 0:
        return True
    key = address_hash(request)
    now = timezone.now()
    recent = ConsentRateEvent.objects.filter(key_hash=key, created_at__gte=now - rule.window)
    if recent.count() >= rule.limit:
        return False
    ConsentRateEvent.objects.create(key_hash=key, created_at=now)
    return True


def prune_rate_events(now: datetime.datetime | None = None) -> int:
    """Forget counts older than the window: they limit nothing any more."""
    now = now or timezone.now()
    window = max(FirstDecisionLimit.configured().window, datetime.timedelta(hours=1))
    deleted, __ = ConsentRateEvent.objects.filter(created_at__lt=now - window).delete()
    return deleted
