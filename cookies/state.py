"""The consent cookie: django-cookie-consent's "group=version|…" format plus three extra keys.

`_id` is the random consent id that links the visitor to their proof-of-consent records,
`_p` the policy version the choice was made under, and `_x` marks an opt-in made on the
settings page, which overrides a Global Privacy Control signal. The library ignores keys
that are not group names, so its own filters and status view keep working.
"""

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
ACCEPTED, DECLINED, UNDECIDED = "accepted", "declined", "undecided"


def group_state(value: str | None, group: CookieGroup) -> str:
    """The same rule as django-cookie-consent: a version older than the group's is undecided."""
    if value is None:
        return UNDECIDED
    if value == cc_settings.COOKIE_CONSENT_DECLINE:
        return DECLINED
    return ACCEPTED if value >= group.get_version() else UNDECIDED


def consent_id_from(values: dict[str, str]) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=values.get(ID_KEY, ""))
    except ValueError:
        return None


@dataclass
class Decision:
    """The outcome of one accept or decline, ready to be stored and sent back as a cookie."""

    values: dict[str, str]
    consent_id: uuid.UUID
    states: dict[str, dict]


def decide(
    request_values: dict[str, str],
    processed_values: dict[str, str],
    decided_groups: list[str],
    policy_version: int,
    opt_in: bool,
) -> Decision:
    """Merge a fresh decision into the visitor's cookie values.

    Choices made under an older policy version no longer count, so they are dropped unless
    this decision renews them.
    """
    values = dict(processed_values)
    stale = request_values.get(POLICY_KEY) != str(policy_version)
    groups = all_cookie_groups()
    for varname in list(values):
        if varname.startswith("_") or varname not in groups:
            if not varname.startswith("_"):
                values.pop(varname)  # a group that no longer exists
            continue
        if stale and varname not in decided_groups:
            values.pop(varname)
    consent_id = consent_id_from(request_values) or uuid.uuid4()
    values[ID_KEY] = consent_id.hex
    values[POLICY_KEY] = str(policy_version)
    if opt_in:
        values[OPT_IN_KEY] = "1"
    elif stale:
        values.pop(OPT_IN_KEY, None)
    states = {
        varname: {"state": group_state(values.get(varname), group), "version": group.get_version()}
        for varname, group in groups.items()
    }
    return Decision(values=values, consent_id=consent_id, states=states)


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
