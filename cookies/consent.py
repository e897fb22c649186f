"""The consent policy version: other apps bump it to make every visitor's banner ask again."""

from .models import PolicyVersion


def request_reconsent(reason: str, revision_id: int | None = None) -> int:
    """Make the banner ask every visitor again, e.g. after a material change to the notice.

    Consents given before this call no longer count. `revision_id` is the notice revision
    that caused it, stored as plain data. Returns the new policy version.
    """
    return PolicyVersion.objects.create(reason=reason[:255], notice_revision_id=revision_id).pk


def current_policy() -> tuple[int, int | None]:
    """The policy version in force and the notice revision it was requested for (one query).

    Version 0 means nobody ever asked for re-consent. Not cached: a stale version would let
    an outdated consent count after a material change.
    """
    latest = PolicyVersion.objects.order_by("-pk").values_list("pk", "notice_revision_id").first()
    return latest if latest else (0, None)
