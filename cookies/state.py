"""The consent cookie: django-cookie-consent's "group=version|…" format plus a few extra keys.

`_id` is the random consent id that links the visitor to their proof-of-consent records,
`_p` the policy version the choice was made under, `_x` marks an opt-in made on the settings
page, which overrides a Global Privacy Control signal, and `_d.<group>` is when the visitor
chose for that group (seconds since 1970). The library ignores keys that are not group names,
so its own filters and status view keep working.

How long a choice counts (the same rules run in the browser, static/seloste/cookies/consent.js):
- a consent or a refusal counts for the renewal period, then the banner asks again;
- a consent also ends when the policy version moves on (a material change of the notice) or
  the group gains a cookie (its version moves on);
- a refusal survives both until it is older than the quiet period: a visitor who refused is
  not asked again sooner, whatever changed.
"""

import time
import uuid
from dataclasses import dataclass

from cookie_consent.cache import all_cookie_groups
from cookie_consent.conf import settings as cc_settings
from cookie_consent.models import CookieGroup
from cookie_consent.util import dict_to_cookie_str, parse_cookie_str
from django.http import HttpRequest, HttpResponseBase

ID_KEY = "_id"
POLICY_KEY = "_p"
OPT_IN_KEY = "_x"
DECIDED_AT_PREFIX = "_d."
ACCEPTED, DECLINED, UNDECIDED = "accepted", "declined", "undecided"
DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Lifecycle:
    """How long choices count, from the site's consent settings (in days)."""

    renewal_days: int = 365
    refusal_quiet_days: int = 182

    @classmethod
    def of(cls, setting) -> "Lifecycle":
        return cls(setting.renewal_days, setting.refusal_quiet_days)


def decided_at(values: dict[str, str], varname: str) -> int | None:
    try:
        return int(values[DECIDED_AT_PREFIX + varname])
    except (KeyError, ValueError):
        return None


def group_state(
    values: dict[str, str],
    group: CookieGroup,
    policy_version: int,
    lifecycle: Lifecycle,
    now: float | None = None,
) -> str:
    """Accepted, declined or undecided: django-cookie-consent's rule (a version older than the
    group's is undecided) with the renewal, policy and quiet-period rules above."""
    value = values.get(group.varname)
    if value is None:
        return UNDECIDED
    now = time.time() if now is None else now
    chosen = decided_at(values, group.varname)
    age = now - chosen if chosen is not None else 0  # older cookies carry no time: trust them
    if age >= lifecycle.renewal_days * DAY:
        return UNDECIDED
    current_policy = values.get(POLICY_KEY) == str(policy_version)
    if value == cc_settings.COOKIE_CONSENT_DECLINE:
        if not current_policy and age >= lifecycle.refusal_quiet_days * DAY:
            return UNDECIDED
        return DECLINED
    if not current_policy:
        return UNDECIDED
    return ACCEPTED if value >= group.get_version() else UNDECIDED


def consent_id_from(values: dict[str, str]) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=values.get(ID_KEY, ""))
    except ValueError:
        return None


def states_of(
    values: dict[str, str], policy_version: int, lifecycle: Lifecycle, now: float
) -> dict[str, str]:
    return {
        varname: group_state(values, group, policy_version, lifecycle, now)
        for varname, group in all_cookie_groups().items()
    }


@dataclass
class Decision:
    """The outcome of one accept or decline, ready to be stored and sent back as a cookie."""

    values: dict[str, str]
    consent_id: uuid.UUID
    states: dict[str, dict]
    # False when the decision repeats what the visitor's cookie already says: nothing to store.
    changed: bool


def decide(
    request_values: dict[str, str],
    processed_values: dict[str, str],
    decided_groups: list[str],
    policy_version: int,
    opt_in: bool,
    lifecycle: Lifecycle,
    now: float | None = None,
) -> Decision:
    """Merge a fresh decision into the visitor's cookie values.

    Groups decided now get today's time; the others keep their choice and its time while it
    still counts, and are dropped once it no longer does.
    """
    now = time.time() if now is None else now
    groups = all_cookie_groups()
    before = states_of(request_values, policy_version, lifecycle, now)
    values = {}
    for varname in groups:
        if varname in decided_groups:
            values[varname] = processed_values[varname]
            values[DECIDED_AT_PREFIX + varname] = str(int(now))
        elif before[varname] != UNDECIDED:
            values[varname] = request_values[varname]
            chosen = decided_at(request_values, varname)
            if chosen is not None:
                values[DECIDED_AT_PREFIX + varname] = str(chosen)
    consent_id = consent_id_from(request_values) or uuid.uuid4()
    values[ID_KEY] = str(consent_id)  # as the admin and the export show it
    values[POLICY_KEY] = str(policy_version)
    opted_in = opt_in or (
        request_values.get(OPT_IN_KEY) == "1" and not stale(request_values, policy_version)
    )
    if opted_in:
        values[OPT_IN_KEY] = "1"
    after = states_of(values, policy_version, lifecycle, now)
    states = {
        varname: {
            "state": after[varname],
            "version": group.get_version(),
            "decided_at": decided_at(values, varname),
        }
        for varname, group in groups.items()
    }
    changed = (
        after != before
        or stale(request_values, policy_version)
        or opted_in != (request_values.get(OPT_IN_KEY) == "1")
        or consent_id_from(request_values) is None
    )
    if not changed:
        # Repeating a choice neither extends it nor writes proof of it: keep the cookie as is.
        values = dict(request_values)
    return Decision(values=values, consent_id=consent_id, states=states, changed=changed)


def stale(values: dict[str, str], policy_version: int) -> bool:
    return values.get(POLICY_KEY) != str(policy_version)


def read_response_values(response: HttpResponseBase) -> dict[str, str]:
    morsel = response.cookies.get(cc_settings.COOKIE_CONSENT_NAME)
    return parse_cookie_str(morsel.value) if morsel else {}


def write_cookie(
    request: HttpRequest, response: HttpResponseBase, values: dict[str, str], max_age: int
) -> None:
    """Set the consent cookie readable by the site's script: pages are the same bytes for
    everyone, so the browser applies the choice. It holds no secret."""
    # The library's processor set it HttpOnly; a reused Morsel would keep that flag.
    response.cookies.pop(cc_settings.COOKIE_CONSENT_NAME, None)
    response.set_cookie(
        cc_settings.COOKIE_CONSENT_NAME,
        dict_to_cookie_str(values),
        max_age=max_age,
        domain=cc_settings.COOKIE_CONSENT_DOMAIN,
        secure=cc_settings.COOKIE_CONSENT_SECURE or request.is_secure(),
        httponly=False,
        samesite=cc_settings.COOKIE_CONSENT_SAMESITE or "Lax",
    )
