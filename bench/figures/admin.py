"""The admin: what an editor's pages cost in SQL."""

import io

from . import figure

# Seloste's panels together (notices to check, translations behind, rights requests, the cookie
# scan); Wagtail's own panels, the session and the user come on top.
SELOSTE_PANEL_QUERIES = 10
# Notices added (each in Finnish, Swedish and English) to see that the count stays.
MORE_NOTICES = 4


HOOK = "construct_homepage_panels"


def seloste_hook(function) -> bool:
    return function.__module__.split(".")[0] in ("notices", "cookies")


def dashboard_counts(client) -> dict[str, int]:
    """SQL queries of the dashboard as a whole, of Wagtail's own dashboard (without Seloste's
    panel hooks) and what each of Seloste's panel hooks adds; each after a warming visit."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail import hooks

    hooks.search_for_hooks()
    registered = list(hooks._hooks[HOOK])

    def count(keep) -> int:
        kept = [(fn, order) for fn, order in registered if not seloste_hook(fn) or keep(fn)]
        with mock.patch.dict(hooks._hooks, {HOOK: kept}):
            assert client.get("/admin/").status_code == 200
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/admin/").status_code == 200
        return len(queries)

    counts = {"dashboard": count(lambda fn: True), "Wagtail's own": count(lambda fn: False)}
    own = counts["Wagtail's own"]
    for function, __ in registered:
        if seloste_hook(function):
            label = f"{function.__module__.removesuffix('.wagtail_hooks')}: {function.__name__}"
            counts[label] = count(lambda fn, function=function: fn is function) - own
    return counts


def add_notices(count: int) -> None:
    """More published notices like the demo's, each translated into Swedish and English."""
    from wagtail.models import Locale

    from home.management.commands.load_demo import Command
    from notices.models import PrivacyNoticePage

    translator = Command(stdout=io.StringIO(), stderr=io.StringIO())
    notice = PrivacyNoticePage.objects.get(slug="tietosuojaseloste", locale__language_code="fi")
    for number in range(count):
        copy = notice.copy(
            to=notice.get_parent(),
            update_attrs={"slug": f"bench-seloste-{number}", "title": f"Rekisteri {number}"},
            keep_live=False,
            copy_revisions=False,
        ).specific
        copy.save_revision().publish()
        for language in ("sv", "en"):
            translator.translate(copy, Locale.objects.get(language_code=language))


@figure(order=400)
def dashboard_queries(bench) -> None:
    """SQL queries of the Wagtail dashboard for a signed-in superuser: all of it, Wagtail's own
    panels, and each of Seloste's; then again with MORE_NOTICES more notices in three
    languages."""
    bench.django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from notices.models import PrivacyNoticePage

    user, __ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    before = dashboard_counts(client)
    notices_before = PrivacyNoticePage.objects.live().count()
    add_notices(MORE_NOTICES)
    after = dashboard_counts(client)
    notices_after = PrivacyNoticePage.objects.live().count()
    bench.table(
        [
            "dashboard, superuser",
            f"SQL queries, {notices_before} notices",
            f"{notices_after} notices",
        ],
        [[label, before[label], after.get(label, "-")] for label in before],
    )
    ours = before["dashboard"] - before["Wagtail's own"]
    grown = after["dashboard"] - after["Wagtail's own"]
    # Wagtail's own dashboard (its site summary alone reads the tree, sites, locales, images
    # and documents) costs more than 15 queries by itself: the budget is on what Seloste adds.
    wagtails = before["Wagtail's own"]
    bench.show(
        f"whole dashboard {before['dashboard']} queries: Wagtail's own panels, the session and "
        f"the user {wagtails}, Seloste's panels {ours}"
    )
    bench.budget("dashboard SQL queries of Seloste's panels", ours, SELOSTE_PANEL_QUERIES)
    bench.check(
        f"… the same with {notices_after} notices as with {notices_before} ({ours} → {grown})",
        grown <= ours,
    )
