"""The rights-request inbox in the Wagtail admin: who sees it, and what handlers can do."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from notices.dates import reader_date
from notices.outbox.models import OutboxMessage
from notices.rights.models import RequestStatus, RightsRequest

# The Art. 12(4) sentence in the requester's language (Finnish here), however it is translated.
with translation.override("fi"):
    ARTICLE_12_4 = gettext(
        "Under Article 12(4) of the EU General Data Protection Regulation you have the right to "
        "lodge a complaint with a supervisory authority and to seek a judicial remedy."
    )

INDEX_URL = "/admin/rights-requests/"


def make_request(**overrides) -> RightsRequest:
    fields = {
        "request_type": "access",
        "name": "Maija Meikäläinen",
        "email": "maija@example.com",
        "message": "Haluan nähdä tietoni.",
        "routed_to_email": "tietosuoja@revontuli.example",
    }
    fields.update(overrides)
    return RightsRequest.objects.create(**fields)


@pytest.fixture
def users(db, django_user_model) -> dict:
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    privacy = django_user_model.objects.create_user("privacy", "privacy@example.com", "pw")
    privacy.groups.add(Group.objects.get(name="Tietosuoja"))
    editor = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    return {"superuser": superuser, "privacy": privacy, "editor": editor}


@pytest.fixture
def rights_request(db) -> RightsRequest:
    return make_request()


@pytest.mark.parametrize(
    ("who", "sees"),
    [("superuser", True), ("privacy", True), ("editor", False), (None, False)],
)
def test_permission_matrix(client, users, rights_request, who, sees):
    if who:
        client.force_login(users[who])
    detail_url = f"{INDEX_URL}{rights_request.pk}/"
    history_url = f"{INDEX_URL}history/{rights_request.pk}/"
    for url in (INDEX_URL, detail_url, history_url, INDEX_URL + "?export=csv"):
        response = client.get(url)
        if sees:
            assert response.status_code == 200, url
        elif who is None:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        else:
            # Wagtail answers a logged-in user without permission with a redirect to the
            # dashboard and a message; either way no request data is in the response.
            assert response.status_code in (302, 403), url
            if response.status_code == 302:
                assert "/admin/rights-requests" not in response["Location"]
        if response.status_code == 200 and not response.streaming:
            assert ("Maija Meikäläinen" in response.content.decode()) == (url != history_url)

    # The dashboard panel and the menu item follow the same rule.
    if who:
        dashboard = client.get("/admin/").content.decode()
        assert ('id="rights-requests-section"' in dashboard) == sees
        assert ('href="/admin/rights-requests/"' in dashboard) == sees

    # Nobody without permission can change a request.
    response = client.post(detail_url, {"status": "in_progress", "reason": ""})
    rights_request.refresh_from_db()
    assert (rights_request.status == RequestStatus.IN_PROGRESS) == sees


def test_site_history_report_shows_request_entries_only_to_handlers(client, users):
    from wagtail.log_actions import log

    rights_request = make_request()
    log(rights_request, "notices.request.received")
    label = str(rights_request)
    client.force_login(users["privacy"])
    assert label in client.get("/admin/reports/site-history/").content.decode()
    client.force_login(users["editor"])
    assert label not in client.get("/admin/reports/site-history/").content.decode()


def test_status_changes_are_logged_and_extension_needs_a_reason(client, users, rights_request):
    client.force_login(users["privacy"])
    url = f"{INDEX_URL}{rights_request.pk}/"

    response = client.post(url, {"status": "in_progress", "reason": ""})
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.IN_PROGRESS

    # Extending without a reason: an error, nothing changes, no mail.
    response = client.post(url, {"status": "extended", "reason": ""})
    assert response.status_code == 200
    assert "error-message" in response.content.decode() or "reason" in response.content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.IN_PROGRESS
    assert not OutboxMessage.objects.filter(kind="extended").exists()

    response = client.post(url, {"status": "extended", "reason": "Laaja pyyntö."})
    assert response.status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.EXTENDED
    assert rights_request.deadline > rights_request.original_deadline
    extended_mail = OutboxMessage.objects.get(kind="extended", to_email="maija@example.com")
    assert extended_mail.reply_to == rights_request.routed_to_email != ""

    response = client.post(url, {"status": "completed", "reason": ""})
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.COMPLETED
    # A closed request offers no more status changes.
    assert 'name="change_status"' not in client.get(url).content.decode()

    entries = ModelLogEntry.objects.for_instance(rights_request).filter(
        action="notices.request.status"
    )
    assert [(e.data["from"], e.data["to"]) for e in entries.order_by("timestamp", "pk")] == [
        ("received", "in_progress"),
        ("in_progress", "extended"),
        ("extended", "completed"),
    ]
    assert {e.user_id for e in entries} == {users["privacy"].pk}
    history = client.get(f"{INDEX_URL}history/{rights_request.pk}/").content.decode()
    assert "Status changed" in history or "Tila" in history


def test_refusal_from_the_admin_mails_the_reason(client, users, rights_request):
    client.force_login(users["privacy"])
    response = client.post(
        f"{INDEX_URL}{rights_request.pk}/", {"status": "refused", "reason": "Ilmeisen perusteeton."}
    )
    assert response.status_code == 302
    message = OutboxMessage.objects.get(kind="refused")
    assert "Ilmeisen perusteeton." in message.body
    assert ARTICLE_12_4 in message.body


def test_internal_notes(client, users, rights_request):
    client.force_login(users["privacy"])
    url = f"{INDEX_URL}{rights_request.pk}/"
    response = client.post(url, {"add_note": "1", "text": "Soitettu asiakkaalle <b>klo 10</b>."})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Soitettu asiakkaalle &lt;b&gt;klo 10&lt;/b&gt;." in html
    assert (
        ModelLogEntry.objects.for_instance(rights_request)
        .filter(action="notices.request.note")
        .exists()
    )


def test_requester_text_is_escaped_in_the_admin(client, users):
    hostile = make_request(name='<img src=x onerror="alert(1)">', message="<script>x()</script>")
    client.force_login(users["privacy"])
    for url in (INDEX_URL, f"{INDEX_URL}{hostile.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>x()" not in html
        assert '<img src=x onerror="alert(1)">' not in html
    assert (
        "&lt;script&gt;x()&lt;/script&gt;"
        in client.get(f"{INDEX_URL}{hostile.pk}/").content.decode()
    )


def test_filters_overdue_status_and_type(client, users):
    today = timezone.localdate()
    overdue = make_request(name="Myöhässä Oy")
    RightsRequest.objects.filter(pk=overdue.pk).update(deadline=today - datetime.timedelta(days=2))
    make_request(name="Ajoissa", request_type="erasure")
    make_request(name="Valmis", status=RequestStatus.COMPLETED)
    client.force_login(users["privacy"])

    html = client.get(INDEX_URL + "?overdue=true").content.decode()
    assert "Myöhässä Oy" in html and "Ajoissa" not in html
    html = client.get(INDEX_URL + "?request_type=erasure").content.decode()
    assert "Ajoissa" in html and "Myöhässä Oy" not in html
    html = client.get(INDEX_URL + "?status=completed").content.decode()
    assert "Valmis" in html and "Ajoissa" not in html
    html = client.get(INDEX_URL + "?q=Myöhässä").content.decode()
    assert "Myöhässä Oy" in html and "Ajoissa" not in html
    # The deadline is a date with the days beside it; overdue ones say by how much.
    overdue_deadline = reader_date(today - datetime.timedelta(days=2), "fi")
    assert f"{overdue_deadline} <strong" in client.get(INDEX_URL).content.decode()
    assert "(2 päivää myöhässä)" in client.get(INDEX_URL).content.decode()


def test_csv_export_has_every_request_and_neutralises_formulas(client, users):
    make_request(name='=HYPERLINK("http://evil.example")', email="evil@example.com")
    make_request(name="Tavallinen Nimi", email="normal@example.com")
    client.force_login(users["privacy"])
    response = client.get(INDEX_URL + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 3
    flat = [cell for row in rows[1:] for cell in row]
    assert "Tavallinen Nimi" in flat
    assert '\'=HYPERLINK("http://evil.example")' in flat
    assert not any(cell.startswith("=") for cell in flat)


def test_dashboard_counts_open_and_overdue(client, users):
    make_request()
    late = make_request(email="late@example.com")
    RightsRequest.objects.filter(pk=late.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    make_request(status=RequestStatus.COMPLETED, email="done@example.com")
    client.force_login(users["privacy"])
    html = client.get("/admin/").content.decode()
    panel = html.split('id="rights-requests-section"', 1)[1][:3000]
    assert "2" in panel and "?overdue=true" in panel


def test_export_headings_in_the_handlers_language_and_times_in_iso_8601(client, users):
    make_request(name="Aikaleima")
    client.force_login(users["privacy"])
    response = client.get(INDEX_URL + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:5] == ["Numero", "Vastaanotettu", "Tyyppi", "Tila", "Määräaika"]
    # For programs: ISO 8601, to the second, with the time zone; the deadline as a date.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00", row["Vastaanotettu"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["Määräaika"])


def test_inbox_lists_absolute_dates_with_days_left(client, users):
    make_request(name="Odottava")
    client.force_login(users["privacy"])
    html = client.get(INDEX_URL).content.decode()
    deadline = reader_date(RightsRequest.objects.get().deadline, "fi")
    assert re.search(rf"{re.escape(deadline)} \(\d+ päivää jäljellä\)", html)
    assert "Juuri nyt" not in html


def test_search_finds_a_request_by_number_email_or_name(client, users):
    wanted = make_request(name="Aino Virtanen", email="aino.virtanen@example.com")
    other = make_request(name="Eero Korhonen", email="eero@example.com", message="Poistakaa.")
    client.force_login(users["privacy"])

    def found(query: str) -> set[str]:
        html = client.get(INDEX_URL, {"q": query}).content.decode()
        return {name for name in ("Aino Virtanen", "Eero Korhonen") if name in html}

    # As the mails and the list write the number, with or without "#".
    assert found(f"#{wanted.pk}") == {"Aino Virtanen"}
    assert found(str(other.pk)) == {"Eero Korhonen"}
    assert found("aino.virtanen@example.com") == {"Aino Virtanen"}
    assert found("Korhonen") == {"Eero Korhonen"}
    assert found("Virt") == {"Aino Virtanen"}  # the start of a word, as one types
    assert found("Poistakaa") == {"Eero Korhonen"}  # the requester's own text
    # A status change keeps it findable.
    wanted.status = RequestStatus.IN_PROGRESS
    wanted.save()
    assert found("Virtanen") == {"Aino Virtanen"}


def test_a_purged_request_leaves_nothing_in_the_search_index(users):
    from wagtail.search.backends import get_search_backend

    from notices.rights.flow import purge_closed

    make_request(
        name="Eero Korhonen",
        email="eero@example.com",
        status=RequestStatus.COMPLETED,
        closed_at=timezone.now() - datetime.timedelta(days=2),
    )
    search = get_search_backend()
    assert search.autocomplete("Korhonen", RightsRequest).count() == 1
    assert purge_closed(timezone.now() - datetime.timedelta(days=1)) == 1
    for word in ("Korhonen", "eero@example.com", "Haluan"):
        assert search.autocomplete(word, RightsRequest).count() == 0, word


def test_search_results_export_only_the_matches(client, users):
    make_request(name="Aino Virtanen", email="aino@example.com")
    make_request(name="Eero Korhonen", email="eero@example.com")
    client.force_login(users["privacy"])
    response = client.get(INDEX_URL, {"q": "Korhonen", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[-2] for row in rows[1:]] == ["Eero Korhonen"]


def test_exports_read_the_same_queries_however_many_requests(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["privacy"])

    def export_queries(fmt: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX_URL, {"export": fmt})
            body = b"".join(response.streaming_content) if response.streaming else b""
        return len(queries), len(body)

    make_request(email="first@example.com")
    few = {fmt: export_queries(fmt)[0] for fmt in ("csv", "xlsx")}
    RightsRequest.objects.bulk_create(
        [
            RightsRequest(
                request_type="access",
                name=f"Henkilö {n}",
                email=f"h{n}@example.com",
                email_key=f"h{n}@example.com",
                message="Haluan nähdä tietoni.",
                deadline=timezone.localdate(),
                original_deadline=timezone.localdate(),
            )
            for n in range(120)
        ]
    )
    many = {fmt: export_queries(fmt)[0] for fmt in ("csv", "xlsx")}
    assert many == few  # no query per row

    # Both files hold every request, as a program reads them.
    response = client.get(INDEX_URL, {"export": "csv"})
    assert response.streaming
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))) == 122
    from openpyxl import load_workbook

    response = client.get(INDEX_URL, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "rights-requests.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 122 and rows[0][0] == "Numero"


def test_dashboard_panel_reads_three_queries_however_many_requests(
    rf, users, django_assert_num_queries
):
    from notices.rights.admin_views import RightsRequestsPanel

    for n in range(12):
        make_request(email=f"p{n}@example.com")
    request = rf.get("/admin/")
    request.user = users["privacy"]
    with django_assert_num_queries(2):
        context = RightsRequestsPanel().get_context_data({"request": request})
    assert context["open_count"] == 12 and len(context["soonest"]) == 5


def test_search_keeps_the_lists_order_and_finds_a_whole_address_by_its_index(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    older = make_request(name="Aino Virtanen", email="Aino.Virtanen@example.com")
    older.received_at = timezone.now() - datetime.timedelta(days=3)
    older.save()
    newer = make_request(name="Eero Virtanen", email="eero@example.com")
    client.force_login(users["privacy"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(INDEX_URL, {"q": "Virtanen"}).content.decode()
    # Newest first, as the unsearched list: ranking would score every match once more.
    assert html.index("Eero Virtanen") < html.index("Aino Virtanen")
    assert not any("bm25" in q["sql"] or "ts_rank" in q["sql"] for q in queries.captured_queries)

    # The address as a handler pastes it, in any case: the requester's own requests.
    with CaptureQueriesContext(connection) as queries:
        html = client.get(INDEX_URL, {"q": " aino.virtanen@EXAMPLE.com "}).content.decode()
    assert "Aino Virtanen" in html and "Eero Virtanen" not in html
    assert not any("indexentry" in q["sql"] for q in queries.captured_queries)
    assert newer.pk


def test_sqlite_search_reads_the_full_text_matches_first(client, users):
    """Without statistics SQLite walks every index entry and asks the full-text table about
    each (seconds at 10^4 requests); the inbox's search gives it statistics first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.rights import search

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics (autovacuum)")
    from wagtail.search.backends import get_search_backend

    # Enough requests for the order of reading to matter (bulk: no signals, so indexed below).
    RightsRequest.objects.bulk_create(
        RightsRequest(
            request_type="access",
            name=f"Eero Korhonen {number}" if number % 10 == 0 else f"Aino Virtanen {number}",
            email=f"henkilo{number}@example.com",
            email_key=f"henkilo{number}@example.com",
            message="Haluan nähdä tietoni.",
            deadline=timezone.localdate(),
            original_deadline=timezone.localdate(),
        )
        for number in range(2000)
    )
    get_search_backend().add_bulk(RightsRequest, list(RightsRequest.objects.all()))
    search._checked_at = None
    client.force_login(users["privacy"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(INDEX_URL, {"q": "Korhonen"}).content.decode()
    assert "Eero Korhonen 1990" in html
    count = next(q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1 WHERE tbl = 'wagtailsearch_indexentry'")
        assert cursor.fetchone(), "no statistics of the search index"
        cursor.execute("EXPLAIN QUERY PLAN " + count)
        steps = [row[-1] for row in cursor.fetchall()]
    fulltext = next(i for i, step in enumerate(steps) if "VIRTUAL TABLE" in step)
    entries = next(i for i, step in enumerate(steps) if step.endswith(" U1") or " U1 " in step)
    assert fulltext < entries, steps
