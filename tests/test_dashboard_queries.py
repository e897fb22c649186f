"""The dashboard's Seloste panels cost a fixed number of SQL queries, however many notices and
translations a site has, and still say everything they said."""

import io
from datetime import timedelta
from unittest import mock

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Locale

from notices.models import PrivacyNoticePage

# Queries all of Seloste's dashboard panels may make together (Wagtail's own panels, the
# session and the user come on top of these).
SELOSTE_PANEL_QUERIES = 10


def dashboard_queries(client) -> tuple[int, int, str]:
    """All the dashboard's queries, those of Wagtail's dashboard without Seloste's panel hooks,
    and the page, each after a visit that warmed the process."""
    hooks.search_for_hooks()
    wagtail_only = [
        (function, order)
        for function, order in hooks._hooks["construct_homepage_panels"]
        if function.__module__.split(".")[0] not in ("notices", "cookies")
    ]
    # Counted at once and with an emptied log: the log keeps the last 9,000 queries, and once
    # loading the demo has filled it, a later count of an earlier capture reads shifted rows.
    client.get("/admin/")
    reset_queries()
    with CaptureQueriesContext(connection) as everything:
        response = client.get("/admin/")
    total = len(everything)
    assert response.status_code == 200
    with mock.patch.dict(hooks._hooks, {"construct_homepage_panels": wagtail_only}):
        client.get("/admin/")
        reset_queries()
        with CaptureQueriesContext(connection) as wagtail_alone:
            client.get("/admin/")
        alone = len(wagtail_alone)
    return total, alone, response.content.decode()


def add_notices(demo, count: int) -> list[PrivacyNoticePage]:
    """`count` more published notices like the demo's, each also in Swedish and English
    through wagtail-localize, as the demo's own translations are made."""
    from home.management.commands.load_demo import Command

    translator = Command(stdout=io.StringIO(), stderr=io.StringIO())
    notice = demo["notice"]
    added = []
    for number in range(count):
        copy = notice.copy(
            to=notice.get_parent(),
            update_attrs={"slug": f"seloste-{number}", "title": f"Henkilörekisteri {number}"},
            keep_live=False,
            copy_revisions=False,
        ).specific
        copy.save_revision().publish()
        for language in ("sv", "en"):
            translator.translate(copy, Locale.objects.get(language_code=language))
        added.append(PrivacyNoticePage.objects.get(pk=copy.pk))
    return added


def open_overdue_request(demo) -> None:
    from notices.rights.models import RequestStatus, RightsRequest

    RightsRequest.objects.create(
        request_type="access",
        name="Maija Meikäläinen",
        email="maija@example.com",
        notice=demo["notice"],
        status=RequestStatus.VERIFIED,
        deadline=timezone.localdate() - timedelta(days=2),
        original_deadline=timezone.localdate() - timedelta(days=2),
        message="Haluan nähdä tietoni.",
    )


def test_seloste_panels_make_the_same_few_queries_for_more_notices_in_three_languages(
    demo, admin_client
):
    open_overdue_request(demo)
    total, wagtail_only, __ = dashboard_queries(admin_client)
    ours = total - wagtail_only
    assert ours <= SELOSTE_PANEL_QUERIES, (total, wagtail_only)

    # Two more notices in three languages: one misses the complaint section, the other's
    # Finnish original moves on after its translations were made.
    incomplete, moved_on = add_notices(demo, 2)
    incomplete.body = [b for b in incomplete.body.raw_data if b["type"] != "complaint"]
    incomplete.save_revision().publish()
    moved_on.intro = "Päivitetty johdanto."
    moved_on.save_revision().publish()
    assert PrivacyNoticePage.objects.live().count() == 9

    grown_total, grown_wagtail_only, page = dashboard_queries(admin_client)
    assert grown_total - grown_wagtail_only == ours, (grown_total, grown_wagtail_only)
    assert grown_total == total

    # What the panels say is all there.
    notices_panel = page.split('id="incomplete-notices', 1)[1].split("</section>", 1)[0]
    assert incomplete.title in notices_panel and "13(2)(d)" in notices_panel
    behind = page.split('id="translations-behind', 1)[1].split("</section>", 1)[0]
    assert moved_on.title in behind
    requests_panel = page.split('id="rights-requests', 1)[1].split("</section>", 1)[0]
    assert "1 avoin pyyntö" in requests_panel and "1 myöhässä" in requests_panel
    assert "?overdue=true" in requests_panel
