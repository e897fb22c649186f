"""Rights requests end to end: the demo's form, the real outbox, django-tasks' database worker,
Django's locmem mail outbox, and an SMTP backend that cannot connect for the outage case."""

import datetime
import re
import socket
import zoneinfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from notices.outbox.models import OutboxMessage, OutboxStatus
from notices.rights.deadlines import add_months
from notices.rights.flow import change_status, purge_closed, send_reminders
from notices.rights.models import RequestNote, RequestStatus, RightsRequest

# The Art. 12(4) sentence in the requester's language (Finnish here), however it is translated.
with translation.override("fi"):
    ARTICLE_12_4 = gettext(
        "Under Article 12(4) of the EU General Data Protection Regulation you have the right to "
        "lodge a complaint with a supervisory authority and to seek a judicial remedy."
    )


FORM_URL = "/fi/tietosuojaseloste/pyynto/"
CONTACT_EMAIL = "tietosuoja@revontuli.example"
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
DELIVER_TASK = "notices.outbox.tasks.deliver_outbox_message"


def valid_data(**overrides) -> dict:
    data = {
        "request_type": "access",
        "name": "Maija Meikäläinen",
        "email": "maija@example.com",
        "phone": "+358 40 123 4567",
        "message": "Haluan nähdä, mitä tietoja minusta on asiakasrekisterissä.",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def smtp_down(settings):
    """A real SMTP backend pointed at a loopback port nobody listens on: every send fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return settings


def confirm_link(message) -> str:
    match = re.search(r"https?://\S+/confirm/\S+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


# --- deadline --------------------------------------------------------------------------------


def test_calendar_month_deadline_from_31_january():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 3, 31), 1) == datetime.date(2025, 4, 30)
    assert add_months(datetime.date(2025, 12, 15), 1) == datetime.date(2026, 1, 15)
    # Extension by two further months counts from receipt too.
    assert add_months(datetime.date(2025, 1, 31), 3) == datetime.date(2025, 4, 30)


def test_deadline_is_stored_from_the_helsinki_receipt_date(db):
    received = datetime.datetime(2025, 1, 31, 12, 0, tzinfo=HELSINKI)
    rights_request = RightsRequest.objects.create(
        request_type="access",
        name="A",
        email="a@example.com",
        message="x",
        received_at=received,
    )
    assert rights_request.deadline == datetime.date(2025, 2, 28)
    # 23:30 UTC on 31 January is already 1 February in Helsinki.
    late = RightsRequest.objects.create(
        request_type="access",
        name="B",
        email="b@example.com",
        message="x",
        received_at=datetime.datetime(2025, 1, 31, 23, 30, tzinfo=datetime.UTC),
    )
    assert late.deadline == datetime.date(2025, 3, 1)


# --- the whole flow --------------------------------------------------------------------------


def test_form_renders_in_finnish_with_every_request_type(fi_notice, client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html
    for value in [
        "access",
        "rectification",
        "erasure",
        "restriction",
        "portability",
        "objection",
        "direct_marketing",
        "withdraw_consent",
        "other",
    ]:
        assert f'value="{value}"' in html
    assert CONTACT_EMAIL in html
    assert '<html lang="fi"' in html


def test_whole_flow_with_real_outbox_and_task_worker(demo, client, run_worker):
    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 302
    assert response["Location"] == FORM_URL + "sent/"
    assert client.get(response["Location"]).status_code == 200

    rights_request = RightsRequest.objects.get()
    notice = demo["notice"]
    assert rights_request.status == RequestStatus.RECEIVED
    assert rights_request.notice_id == notice.pk
    assert rights_request.notice_revision_id == notice.live_revision_id
    assert rights_request.routed_to_email == CONTACT_EMAIL
    assert rights_request.contact_person.email == CONTACT_EMAIL
    assert rights_request.language == "fi"
    assert rights_request.deadline == add_months(timezone.localdate(), 1)
    assert rights_request.verification_nonce

    # Nothing is sent during the request: two messages wait in the outbox, each with a task.
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 2
    assert DBTaskResult.objects.ready().filter(task_path=DELIVER_TASK).count() == 2

    run_worker()
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"maija@example.com", CONTACT_EMAIL}

    verification = by_recipient["maija@example.com"]
    # The verification mail names the type and nothing else of the request.
    assert "Maija" not in verification.body
    assert "asiakasrekisterissä" not in verification.body
    assert "+358 40 123 4567" not in verification.body
    link = confirm_link(verification)
    # A requester who answers the mail reaches the contact person, not a no-reply box.
    assert verification.reply_to == [CONTACT_EMAIL]

    staff = by_recipient[CONTACT_EMAIL]
    assert "asiakasrekisterissä" in staff.body
    assert "Maija Meikäläinen" in staff.body
    assert f"/admin/rights-requests/{rights_request.pk}/" in staff.body
    assert "maija@example.com" not in staff.subject
    assert staff.reply_to == []

    # Opening the link shows a button; confirming is a POST (mail scanners only GET).
    assert client.get(link).status_code == 200
    rights_request.refresh_from_db()
    assert rights_request.verified_at is None
    assert client.post(link).status_code == 200
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.VERIFIED
    assert rights_request.verified_at is not None
    # The clock started on receipt, not on verification.
    assert rights_request.deadline == add_months(timezone.localdate(), 1)

    mail.outbox.clear()
    run_worker()
    assert [m.to for m in mail.outbox] == [[CONTACT_EMAIL]]

    from wagtail.models import ModelLogEntry

    actions = set(
        ModelLogEntry.objects.for_instance(rights_request).values_list("action", flat=True)
    )
    assert {"notices.request.received", "notices.request.verified"} <= actions


def test_tampered_or_unknown_link_is_refused_clearly(fi_notice, client, run_worker):
    client.post(FORM_URL, valid_data())
    run_worker()
    link = confirm_link(next(m for m in mail.outbox if m.to == ["maija@example.com"]))
    response = client.post(link.replace("/confirm/", "/confirm/x"))
    assert response.status_code == 400
    assert RightsRequest.objects.get().verified_at is None


def test_mail_server_down_loses_nothing(fi_notice, client, run_worker, smtp_down, settings):
    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 302
    rights_request = RightsRequest.objects.get()

    run_worker()
    assert mail.outbox == []
    messages = list(OutboxMessage.objects.all())
    assert len(messages) == 2
    for message in messages:
        assert message.status == OutboxStatus.PENDING
        assert message.attempts == 1
        assert "Connection" in message.last_error or "refused" in message.last_error.lower()
        assert message.next_attempt_at > timezone.now()
    # Each failure scheduled a retry as another task, not yet due.
    retries = DBTaskResult.objects.filter(status="READY", task_path=DELIVER_TASK)
    assert retries.count() == 2
    assert all(r.run_after > timezone.now() for r in retries)

    # While the server is still down, deliver_mail reports the failure with a non-zero exit.
    with pytest.raises(CommandError):
        call_command("deliver_mail")
    assert OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count() == 2

    # Mail is back: deliver_mail sends everything now and exits cleanly.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("deliver_mail")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["maija@example.com", CONTACT_EMAIL])
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2
    rights_request.refresh_from_db()
    assert rights_request.status == RequestStatus.RECEIVED

    # The scheduled retries later find nothing left to send and send nothing twice.
    DBTaskResult.objects.update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 2


def test_retry_task_delivers_once_mail_is_back(fi_notice, client, run_worker, smtp_down, settings):
    client.post(FORM_URL, valid_data())
    run_worker()
    assert mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Time passes: the retries become due and the worker delivers them.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 2
    assert {m.attempts for m in OutboxMessage.objects.all()} == {2}


def test_contact_person_change_reroutes_later_requests(fi_notice, client):
    client.post(FORM_URL, valid_data())
    person = fi_notice["notice"].contact_person
    person.email = "uusi.vastaava@revontuli.example"
    person.save()
    client.post(FORM_URL, valid_data(email="toinen@example.com"))
    first, second = RightsRequest.objects.order_by("pk")
    assert first.routed_to_email == CONTACT_EMAIL
    assert second.routed_to_email == "uusi.vastaava@revontuli.example"
    assert OutboxMessage.objects.filter(
        to_email="uusi.vastaava@revontuli.example", kind="new_request"
    ).exists()


def test_extra_inbox_from_site_settings_gets_a_copy(fi_notice, client):
    from wagtail.models import Site

    from notices.rights.models import RightsRequestSettings

    site = Site.objects.get(is_default_site=True)
    RightsRequestSettings.objects.update_or_create(
        site=site, defaults={"extra_inbox": "privacy-team@revontuli.example"}
    )
    client.post(FORM_URL, valid_data())
    recipients = set(
        OutboxMessage.objects.filter(kind="new_request").values_list("to_email", flat=True)
    )
    assert recipients == {CONTACT_EMAIL, "privacy-team@revontuli.example"}


# --- bad input and abuse ---------------------------------------------------------------------


def test_errors_are_listed_linked_and_keep_what_was_typed(fi_notice, client):
    response = client.post(
        FORM_URL,
        valid_data(email="not-an-address", request_type="", name="<b>Maija</b>"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'href="#id_request_type_0"' in html
    assert 'aria-invalid="true"' in html
    # What was typed is kept, escaped.
    assert "Haluan nähdä, mitä tietoja minusta on asiakasrekisterissä." in html
    assert 'value="not-an-address"' in html
    assert "&lt;b&gt;Maija&lt;/b&gt;" in html
    assert "<b>Maija</b>" not in html
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "x" * 201},
        {"email": "a" * 250 + "@example.com"},
        {"phone": "1" * 41},
        {"message": "y" * 5001},
        {"name": "Maija\r\nBcc: victim@example.com"},
        {"email": "maija@example.com\nBcc: victim@example.com"},
        {"request_type": "delete_everything"},
        {"message": "bad\x00byte"},
    ],
)
def test_oversized_and_injected_fields_are_refused(fi_notice, client, overrides):
    response = client.post(FORM_URL, valid_data(**overrides))
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert not RightsRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_filled_honeypot_is_shown_and_explained_and_stores_nothing(fi_notice, client):
    """A browser's autofill may fill the hidden field: the person is told, and keeps the text."""
    data = valid_data(website="http://spam.example")
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_website"' in html  # the error summary leads to the field
    assert '<input type="text" name="website" value="http://spam.example"' in html
    assert 'class="hp-field" hidden' not in html
    assert data["message"] in html
    assert not RightsRequest.objects.exists()
    assert not OutboxMessage.objects.exists()
    # Emptied, the same request goes through.
    assert client.post(FORM_URL, {**data, "website": ""}).status_code == 302
    assert RightsRequest.objects.count() == 1


def test_the_honeypot_is_hidden_without_any_stylesheet(fi_notice, client):
    html = client.get(FORM_URL).content.decode()
    assert '<div class="hp-field" hidden>' in html


def test_rate_limit_per_email_gives_429_and_keeps_the_text(fi_notice, client, settings):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (100, 3600), "email": (2, 3600)}
    for request_type in ("access", "erasure"):
        assert client.post(FORM_URL, valid_data(request_type=request_type)).status_code == 302
    response = client.post(FORM_URL, valid_data(request_type="portability"))
    assert response.status_code == 429
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Haluan nähdä" in html
    assert RightsRequest.objects.count() == 2
    # Another person is not affected.
    assert client.post(FORM_URL, valid_data(email="other@example.com")).status_code == 302


def test_rate_limit_per_address(fi_notice, client, settings):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (2, 3600), "email": (100, 3600)}
    for n in range(2):
        response = client.post(FORM_URL, valid_data(email=f"p{n}@example.com"))
        assert response.status_code == 302
    response = client.post(FORM_URL, valid_data(email="p3@example.com"))
    assert response.status_code == 429
    other = client.post(FORM_URL, valid_data(email="p4@example.com"), REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 302


def test_same_email_and_type_within_a_day_is_linked_not_duplicated(fi_notice, client, settings):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (100, 3600), "email": (100, 3600)}
    client.post(FORM_URL, valid_data())
    client.post(
        FORM_URL, valid_data(email="MAIJA@example.com", message="Lisätieto: asiakasnumero 42.")
    )
    assert RightsRequest.objects.count() == 1
    note = RequestNote.objects.get()
    assert note.from_requester
    assert note.text == "Lisätieto: asiakasnumero 42."
    # Not confirmed until the request's own link is used.
    assert note.verified_at is None
    # The same text once more (a double click, a reload) adds nothing.
    client.post(FORM_URL, valid_data(message="Lisätieto: asiakasnumero 42."))
    assert RequestNote.objects.count() == 1
    # Another type is another request.
    client.post(FORM_URL, valid_data(request_type="erasure"))
    assert RightsRequest.objects.count() == 2
    # Only the two requests mailed anyone: the repeats within minutes send no second link.
    assert OutboxMessage.objects.filter(kind="verification").count() == 2
    assert OutboxMessage.objects.filter(kind="new_request").count() == 2


# --- handling, reminders, retention ----------------------------------------------------------


@pytest.fixture
def submitted(fi_notice, client) -> RightsRequest:
    client.post(FORM_URL, valid_data())
    return RightsRequest.objects.get()


def test_extension_needs_a_reason_and_tells_the_requester(submitted, admin_user):
    from notices.rights.flow import TransitionError

    with pytest.raises(TransitionError):
        change_status(submitted, RequestStatus.EXTENDED, user=admin_user, reason="  ")
    change_status(
        submitted,
        RequestStatus.EXTENDED,
        user=admin_user,
        reason="Tietoja on kolmessa järjestelmässä.",
    )
    submitted.refresh_from_db()
    received = timezone.localtime(submitted.received_at).date()
    assert submitted.deadline == add_months(received, 3)
    assert submitted.original_deadline == add_months(received, 1)
    message = OutboxMessage.objects.get(kind="extended")
    assert message.to_email == "maija@example.com"
    assert "Tietoja on kolmessa järjestelmässä." in message.body
    # Once only.
    assert RequestStatus.EXTENDED not in submitted.allowed_transitions()


def test_refusal_mail_carries_the_reason_and_article_12_4(submitted, admin_user):
    change_status(submitted, RequestStatus.REFUSED, user=admin_user, reason="Pyyntö on toistuva.")
    submitted.refresh_from_db()
    assert submitted.closed_at is not None
    assert not submitted.is_open
    message = OutboxMessage.objects.get(kind="refused")
    assert "Pyyntö on toistuva." in message.body
    assert ARTICLE_12_4 in message.body
    assert "Tietosuojavaltuutetun toimisto" in message.body


def test_reminders_seven_days_before_and_on_the_deadline(submitted):
    today = timezone.localdate()
    submitted.deadline = today + datetime.timedelta(days=7)
    submitted.save()
    assert send_reminders(today) == 1
    assert send_reminders(today) == 0
    week = OutboxMessage.objects.get(kind="reminder_week")
    assert week.to_email == CONTACT_EMAIL
    assert send_reminders(submitted.deadline) == 1
    assert OutboxMessage.objects.filter(kind="reminder_due", to_email=CONTACT_EMAIL).exists()
    call_command("send_request_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert OutboxMessage.objects.filter(kind__startswith="reminder").count() == 2


def test_closed_requests_are_purged_to_an_anonymous_stub(submitted, admin_user, client):
    change_status(submitted, RequestStatus.COMPLETED, user=admin_user)
    client.post(FORM_URL, valid_data(email="open@example.com"))
    still_open = RightsRequest.objects.get(email="open@example.com")
    RightsRequest.objects.filter(pk=submitted.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )

    call_command("purge_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    submitted.refresh_from_db()
    assert submitted.anonymised_at is not None
    assert (submitted.name, submitted.email, submitted.phone, submitted.message) == ("", "", "", "")
    assert submitted.request_type == "access"
    assert submitted.deadline and submitted.received_at and submitted.status == "completed"
    assert not OutboxMessage.objects.filter(rights_request=submitted).exists()
    still_open.refresh_from_db()
    assert still_open.email == "open@example.com"
    assert purge_closed(timezone.now()) == 0


def test_mails_speak_the_language_of_the_form(demo, client):
    for language, url in (
        ("en", "/en/privacy-notice/request/"),
        ("sv", "/sv/dataskyddsbeskrivning/begaran/"),
    ):
        response = client.post(url, valid_data(email=f"{language}@example.com"))
        assert response.status_code == 302, url
        rights_request = RightsRequest.objects.get(email=f"{language}@example.com")
        assert rights_request.language == language
        # The translated notice names the same contact person (a synchronised translation).
        assert rights_request.routed_to_email == CONTACT_EMAIL
        with translation.override(language):
            expected = gettext("Confirm your privacy request")
        verification = OutboxMessage.objects.get(rights_request=rights_request, kind="verification")
        assert verification.subject == expected


def test_expired_link_says_so_and_verifies_nothing(fi_notice, client, run_worker):
    client.post(FORM_URL, valid_data())
    run_worker()
    link = confirm_link(next(m for m in mail.outbox if m.to == ["maija@example.com"]))
    RightsRequest.objects.update(verification_expires_at=timezone.now() - datetime.timedelta(1))
    response = client.post(link)
    assert response.status_code == 400
    with translation.override("fi"):
        assert gettext("This link has expired") in response.content.decode()
    assert RightsRequest.objects.get().verified_at is None


def test_request_is_kept_even_if_queueing_its_mail_breaks(fi_notice, client, monkeypatch):
    import notices.rights.flow

    def broken(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(notices.rights.flow, "queue_mail", broken)
    response = client.post(FORM_URL, valid_data())
    # The visitor is told it arrived, because it did: the handler sees it in the inbox.
    assert response.status_code == 302
    assert RightsRequest.objects.filter(email="maija@example.com").exists()
