"""Hostile repeats of the request form: limits behind proxies and for tagged addresses."""

import pytest

from notices.rights.models import RightsRequest
from tests.rights_requests.test_flow import FORM_URL, valid_data

LOAD_BALANCER = "10.0.0.5"


@pytest.fixture
def behind_balancer(settings):
    settings.SELOSTE_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (2, 3600), "email": (100, 3600)}
    return settings


def post_via(client, forwarded_for: str, remote: str = LOAD_BALANCER, **overrides):
    return client.post(
        FORM_URL, valid_data(**overrides), REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_limit_per_client_behind_a_trusted_balancer(fi_notice, client, behind_balancer):
    # Every request reaches the app from the balancer; each client is still limited alone.
    for n in range(2):
        assert post_via(client, "198.51.100.7", email=f"a{n}@example.com").status_code == 302
    assert post_via(client, "198.51.100.7", email="a3@example.com").status_code == 429
    # Another visitor behind the same balancer is not affected by the first one's limit.
    assert post_via(client, "198.51.100.8", email="b@example.com").status_code == 302


def test_forged_forwarded_for_does_not_escape_the_limit(fi_notice, client, behind_balancer):
    # Straight to the app server, not through the balancer: the header is the client's own.
    for n in range(2):
        response = post_via(client, f"203.0.113.{n}", remote="192.0.2.9", email=f"c{n}@example.com")
        assert response.status_code == 302
    response = post_via(client, "203.0.113.99", remote="192.0.2.9", email="c9@example.com")
    assert response.status_code == 429
    # Through the balancer, a made-up first hop changes nothing: the balancer's entry counts.
    for n in range(2):
        forwarded = f"203.0.113.{n}, 198.51.100.20"
        assert post_via(client, forwarded, email=f"d{n}@example.com").status_code == 302
    assert post_via(client, "1.1.1.1, 198.51.100.20", email="d9@example.com").status_code == 429


def test_ipv6_client_is_limited_per_64(fi_notice, client, behind_balancer):
    for n in range(2):
        forwarded = f"2001:db8:7:7::{n + 1}"
        assert post_via(client, forwarded, email=f"e{n}@example.com").status_code == 302
    # A new address in the same /64 is the same subscriber.
    assert post_via(client, "2001:db8:7:7:ffff::9", email="e9@example.com").status_code == 429
    assert post_via(client, "2001:db8:7:8::1", email="f@example.com").status_code == 302


@pytest.mark.parametrize(
    "variant", ["maija+1@example.com", " MAIJA@Example.COM ", "Maija+spam@EXAMPLE.com"]
)
def test_tagged_or_recased_addresses_share_the_email_limit(fi_notice, client, settings, variant):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (100, 3600), "email": (2, 3600)}
    for request_type in ("access", "erasure"):
        assert client.post(FORM_URL, valid_data(request_type=request_type)).status_code == 302
    response = client.post(FORM_URL, valid_data(request_type="portability", email=variant))
    assert response.status_code == 429
    assert RightsRequest.objects.count() == 2


# --- repeats never speak for the requester ---------------------------------------------------


def sent_link(to: str) -> str:
    from django.core import mail

    from tests.rights_requests.test_flow import confirm_link

    return confirm_link([m for m in mail.outbox if m.to == [to]][-1])


def test_repeat_cannot_amend_a_confirmed_request(fi_notice, client, run_worker):
    client.post(FORM_URL, valid_data())
    run_worker()
    client.post(sent_link("maija@example.com"))
    original = RightsRequest.objects.get()
    assert original.verified_at is not None

    # Someone else, knowing the victim's address, sends the "same" request with new orders.
    hostile = "Lähettäkää tietoni osoitteeseen attacker@example.net."
    assert client.post(FORM_URL, valid_data(message=hostile)).status_code == 302

    original.refresh_from_db()
    assert not original.notes.exists()
    assert original.message != hostile
    # It became a request of its own, unconfirmed, with its own link to the real address.
    second = RightsRequest.objects.exclude(pk=original.pk).get()
    assert second.message == hostile
    assert second.verified_at is None
    first_link = sent_link("maija@example.com")
    run_worker()
    second_link = sent_link("maija@example.com")
    assert second_link != first_link
    assert client.get(second_link).context["result"] == "confirmed"
    assert client.get(first_link).context["result"] == "already"


def test_repeat_on_an_unconfirmed_request_is_confirmed_by_the_same_link(
    fi_notice, client, run_worker, admin_user
):
    client.post(FORM_URL, valid_data())
    client.post(FORM_URL, valid_data(message="Asiakasnumeroni on 4711."))
    rights_request = RightsRequest.objects.get()
    note = rights_request.notes.get()

    # Staff see that the repeat does not yet speak for the requester.
    client.force_login(admin_user)
    detail = client.get(f"/admin/rights-requests/{rights_request.pk}/").content.decode()
    assert "Asiakasnumeroni on 4711." in detail
    assert "w-text-critical-200" in detail.split("Asiakasnumeroni on 4711.")[0].rsplit("<li>", 1)[1]
    client.logout()

    run_worker()
    link = sent_link("maija@example.com")
    # The requester is told what confirming includes.
    assert "4711" not in client.get(link).content.decode()
    assert client.get(link).context["repeats"] == 1
    client.post(link)
    note.refresh_from_db()
    rights_request.refresh_from_db()
    assert rights_request.verified_at is not None
    assert note.verified_at == rights_request.verified_at


def test_a_repeat_after_ten_minutes_sends_the_same_link_again(fi_notice, client, run_worker):
    import datetime

    from django.core import mail
    from django.utils import timezone

    client.post(FORM_URL, valid_data())
    run_worker()
    first = sent_link("maija@example.com")
    RightsRequest.objects.update(
        verification_mailed_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    client.post(FORM_URL, valid_data(message="Sain viestin? En saanut."))
    run_worker()
    links = [m for m in mail.outbox if m.to == ["maija@example.com"]]
    assert len(links) == 2
    assert sent_link("maija@example.com") == first
    assert RightsRequest.objects.count() == 1


# --- no working link at rest -----------------------------------------------------------------


def every_stored_text() -> list[tuple[str, str, str]]:
    """(table, column, value) for every text value in every table of the database."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value is not None and not isinstance(value, str):
                        value = str(value)
                    if value:
                        found.append((table, column, value))
    return found


def test_no_column_of_any_table_holds_a_working_link(fi_notice, client, run_worker):
    import re

    from notices.rights.flow import VerificationResult, request_for_token

    client.post(FORM_URL, valid_data())
    client.post(FORM_URL, valid_data(message="Toinen viesti samasta asiasta."))
    run_worker()
    link = sent_link("maija@example.com")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert request_for_token(token)[1] == VerificationResult.CONFIRMED  # the mail's link works

    stored = every_stored_text()
    assert any(table == "seloste_outbox_outboxmessage" for table, __, __ in stored)
    for table, column, value in stored:
        assert token not in value, (table, column)
        # Nor anything else that would work as a token, whatever its shape.
        for candidate in re.findall(r"[A-Za-z0-9_-]{24,}", value):
            result = request_for_token(candidate)[1]
            assert result == VerificationResult.INVALID, (table, column, candidate)


# --- the form asks for no consent ------------------------------------------------------------


def test_form_explains_the_legal_obligation_instead_of_asking_consent(fi_notice, client):
    from django.utils import translation
    from django.utils.translation import gettext

    html = client.get(FORM_URL).content.decode()
    assert 'type="checkbox"' not in html
    with translation.override("fi"):
        assert gettext("How we use these details") in html
        # Article 6(1)(c), in Finnish: the legal obligation, not consent.
        assert "6 artiklan 1 kohdan c alakohta" in html
    assert 'href="/fi/tietosuojaseloste/"' in html.split('id="request-processing"', 1)[1]
    assert "36" in html.split('id="request-processing"', 1)[1].split("</div>", 1)[0]
    # A post without any consent field is a complete request.
    assert client.post(FORM_URL, valid_data()).status_code == 302
    assert RightsRequest.objects.count() == 1


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u200d \ufeff\u2060", "12345", "\u200e"])
def test_a_name_without_letters_is_refused_clearly(fi_notice, client, name):
    from django.utils import translation
    from django.utils.translation import gettext

    response = client.post(FORM_URL, valid_data(name=name))
    assert response.status_code == 200
    with translation.override("fi"):
        message = gettext("Enter your name in letters, so that we can find your data.")
    assert message in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_invisible_marks_around_a_name_are_dropped(fi_notice, client):
    client.post(FORM_URL, valid_data(name="\u200bMaija Meikäläinen\u200b"))
    assert RightsRequest.objects.get().name == "Maija Meikäläinen"
