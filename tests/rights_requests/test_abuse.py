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
