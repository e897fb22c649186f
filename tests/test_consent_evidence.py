"""Proof of consent for an auditor: the export of a period, and the admin's view of a record
with exactly the banner and cookie table the visitor chose on."""

import csv
import datetime
import io
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cookies.evidence import FIELDS
from cookies.models import BannerVersion, ConsentRecord

DECIDE = "/fi/evasteasetukset/valinta/"
HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def visitor_accepts_on_the_banner() -> ConsentRecord:
    visitor = Client()
    html = visitor.get("/fi/").content.decode()
    version = BannerVersion.objects.get(surface="banner", language="fi")
    assert f'value="{version.pk}"' in html
    visitor.post(
        DECIDE,
        {"action": "accept", "source": "banner", "all_groups": "on", "banner_version": version.pk},
    )
    return ConsentRecord.objects.latest("pk")


@pytest.fixture
def moderator_client(db) -> Client:
    user = User.objects.create_user("moderator", "m@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(user)
    return client


def record_at(when: datetime.datetime, **fields) -> ConsentRecord:
    values = {
        "consent_id": uuid.uuid4(),
        "choices": {"analytics": {"state": "accepted"}, "external_media": {"state": "declined"}},
        "outcome": "partial",
        "source": "settings",
        "policy_version": 2,
        "notice_revision_id": 41,
        "language": "sv",
        "created_at": when,
        **fields,
    }
    return ConsentRecord.objects.create(**values)


@pytest.mark.django_db
def test_the_export_of_a_period_has_every_field_an_auditor_asks_for(moderator_client, home_page):
    record = visitor_accepts_on_the_banner()
    # The period is in the site's time zone: 23:30 on the last day is in, 00:30 after is not.
    today = timezone.localdate()
    inside = record_at(datetime.datetime.combine(today, datetime.time(23, 30), HELSINKI))
    outside = record_at(
        datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time(0, 30), HELSINKI
        )
    )
    url = f"/admin/consent_export/?start={today}&end={today}&format=json"
    response = moderator_client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(b"".join(response.streaming_content))
    assert document["schema"].endswith("ISO/IEC TS 27560:2023")
    assert document["time_zone"] == "Europe/Helsinki"
    rows = {row["record_id"]: row for row in document["records"]}
    assert set(rows) == {record.pk, inside.pk}
    assert outside.pk not in rows
    given = rows[record.pk]
    assert set(given) == set(FIELDS)
    assert given["consent_id"] == str(record.consent_id)
    assert given["method"] == "banner" and given["language"] == "fi"
    assert given["choices"] == {"analytics": "accepted", "external_media": "accepted"}
    assert given["banner_version"] == record.banner_version_id is not None
    assert given["declaration_version"] == record.declaration_version_id is not None
    assert given["time"].endswith(("+02:00", "+03:00"))
    assert rows[inside.pk]["time"].startswith(f"{today}T23:30:00")
    assert (rows[inside.pk]["policy_version"], rows[inside.pk]["notice_revision"]) == (2, 41)


@pytest.mark.django_db
def test_the_csv_export_opens_in_a_spreadsheet_as_plain_values(moderator_client):
    today = timezone.localdate()
    record_at(timezone.now(), choices={"=HYPERLINK(1)": {"state": "accepted"}})
    response = moderator_client.get(f"/admin/consent_export/?start={today}&end={today}&format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0]) == FIELDS
    assert rows[0]["choices"] == "'=HYPERLINK(1)=accepted"
    assert rows[0]["method"] == "settings"


@pytest.mark.django_db
def test_the_export_form_says_what_is_wrong(moderator_client):
    response = moderator_client.get(
        "/admin/consent_export/?start=2026-02-01&end=2026-01-01&format=csv"
    )
    assert response.status_code == 200
    assert "Jakso päättyy ennen kuin se alkaa." in response.content.decode()
    assert moderator_client.get("/admin/consent_export/").status_code == 200


@pytest.mark.django_db
def test_an_editor_cannot_export_proof(client):
    editor = User.objects.create_user("editor", "e@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/consent_export/?start=2026-01-01&end=2026-01-02").status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_the_command_writes_the_same_export(capsys):
    record = record_at(timezone.now())
    today = timezone.localdate().isoformat()
    call_command("export_consent_records", "--from", today, "--to", today, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [int(r["record_id"]) for r in rows] == [record.pk]
    assert rows[0]["choices"] == "analytics=accepted; external_media=declined"


@pytest.mark.django_db
def test_the_admin_shows_a_record_with_the_banner_and_table_the_visitor_saw(
    moderator_client, home_page
):
    record = visitor_accepts_on_the_banner()
    response = moderator_client.get(f"/admin/consent_records/inspect/{record.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert str(record.consent_id) in html
    # The banner as stored, shown in a sandboxed frame, and the cookie table of that version.
    assert "<iframe" in html and "sandbox" in html
    assert "Hyväksy kaikki" in html  # inside srcdoc, escaped once
    # Named as the visitor's table named them: Google's cookie after the measurement ID.
    assert "<code>_ga</code>" in html and "<code>_ga_" in html
    assert "container-id" not in html
    assert "YouTube" in html


@pytest.mark.django_db
def test_statistics_read_the_daily_counts_never_the_records(moderator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for __ in range(5):
        Client().post(DECIDE, {"action": "decline", "source": "banner", "all_groups": "on"})
    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get("/admin/consent_stats/")
    assert not [q for q in queries.captured_queries if "consentrecord" in q["sql"]]
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>5</td>" in html
