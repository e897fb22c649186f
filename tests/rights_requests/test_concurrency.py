"""Many identical posts of the form at the same moment, in real threads with their own database
connections (PostgreSQL in CI, a file SQLite database locally): one request, limits held."""

from collections import Counter

import pytest
from django.test import Client

from notices.outbox.models import OutboxMessage
from notices.rights.models import RateLimitEvent, RequestNote, RightsRequest
from tests.rights_requests.test_flow import FORM_URL, valid_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

SIMULTANEOUS = 50


def post(data: dict) -> int:
    return Client().post(FORM_URL, data).status_code


def stored() -> dict:
    return {
        "requests": RightsRequest.objects.count(),
        "notes": RequestNote.objects.count(),
        "verification_mails": OutboxMessage.objects.filter(kind="verification").count(),
        "staff_mails": OutboxMessage.objects.filter(kind="new_request").count(),
        "counted": Counter(RateLimitEvent.objects.values_list("scope", flat=True)),
    }


def test_identical_simultaneous_posts_store_one_request(fi_notice, shared_database, settings):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (100, 3600), "email": (3, 3600)}
    shared_database.start()

    answers = Counter(shared_database.run_at_once(lambda _n: post(valid_data()), SIMULTANEOUS))

    # Three posts are accepted (the per-email limit), the rest told to wait; none fails.
    assert answers == {302: 3, 429: SIMULTANEOUS - 3}
    result = shared_database.run(stored)
    assert result["requests"] == 1
    # The same text again adds nothing to the request, and nobody gets a second mail.
    assert result["notes"] == 0
    assert result["verification_mails"] == 1
    assert result["staff_mails"] == 1
    assert result["counted"] == {"email": 3, "address": 3}


def test_simultaneous_repeats_with_new_text_stay_within_the_limit(
    fi_notice, shared_database, settings
):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (100, 3600), "email": (3, 3600)}
    shared_database.start()

    def repeat(number: int) -> int:
        # The same person, tagged addresses and other capitals, each with new text.
        email = ["maija@example.com", "Maija+x@example.com", "MAIJA@EXAMPLE.COM "][number % 3]
        return post(valid_data(email=email, message=f"Lisätieto numero {number}."))

    answers = Counter(shared_database.run_at_once(repeat, 30))

    assert answers == {302: 3, 429: 27}
    result = shared_database.run(stored)
    assert result["requests"] == 1
    assert result["notes"] == 2
    assert result["verification_mails"] == 1


def test_per_address_limit_holds_under_simultaneous_posts(fi_notice, shared_database, settings):
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (10, 3600), "email": (3, 3600)}
    shared_database.start()

    def someone(number: int) -> int:
        return post(valid_data(email=f"henkilo{number}@example.com"))

    answers = Counter(shared_database.run_at_once(someone, 30))

    assert answers == {302: 10, 429: 20}
    assert shared_database.run(stored)["requests"] == 10
