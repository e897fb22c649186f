"""The client's address behind proxies: X-Forwarded-For believed only through trusted hops."""

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory

from cookies.client_address import client_address, client_limit_key, limit_key

LOAD_BALANCER = "10.0.0.5"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_balancer(settings):
    settings.SELOSTE_TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1"]
    return settings


def test_without_a_proxy_the_header_is_ignored():
    # The default trusts loopback only; a visitor on the internet cannot pick their address.
    spoofed = request_from("198.51.100.7", "203.0.113.1")
    assert client_address(spoofed) == "198.51.100.7"


def test_proxy_on_the_same_machine_is_trusted_by_default():
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_trusted_balancer_passes_the_client_on(behind_balancer):
    assert client_address(request_from(LOAD_BALANCER, "198.51.100.7")) == "198.51.100.7"


def test_untrusted_proxy_cannot_name_the_client(behind_balancer):
    # Someone who reaches the app server directly, or through a proxy of their own.
    assert client_address(request_from("192.0.2.9", "198.51.100.7")) == "192.0.2.9"


def test_client_prepending_made_up_hops_is_still_found(behind_balancer):
    # The client sent "X-Forwarded-For: 1.1.1.1"; the balancer appended the real address.
    request = request_from(LOAD_BALANCER, "1.1.1.1, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_every_trusted_hop_is_passed(behind_balancer):
    # Balancer → nginx on the app server (loopback) → gunicorn.
    request = request_from("127.0.0.1", "203.0.113.50, 198.51.100.7, 10.0.0.5")
    assert client_address(request) == "198.51.100.7"


def test_garbage_in_the_header_never_becomes_the_address(behind_balancer):
    assert client_address(request_from(LOAD_BALANCER, "not-an-ip")) == LOAD_BALANCER
    assert client_address(request_from(LOAD_BALANCER, "")) == LOAD_BALANCER


def test_ports_brackets_and_mapped_addresses(behind_balancer):
    assert client_address(request_from(LOAD_BALANCER, "198.51.100.7:5123")) == "198.51.100.7"
    assert client_address(request_from(LOAD_BALANCER, "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_address(request_from("::ffff:10.0.0.5", "198.51.100.7")) == "198.51.100.7"


def test_a_number_of_proxies(settings):
    settings.SELOSTE_TRUSTED_PROXIES = 2
    # CDN → nginx → gunicorn: the entry the CDN appended is the client.
    request = request_from("127.0.0.1", "1.1.1.1, 198.51.100.7, 203.0.113.9")
    assert client_address(request) == "198.51.100.7"
    # Came through only one of the two: its entry is still the one a proxy wrote.
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    settings.SELOSTE_TRUSTED_PROXIES = 0
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "127.0.0.1"


def test_ipv6_is_limited_per_64_network(behind_balancer):
    first = request_from(LOAD_BALANCER, "2001:db8:1:2:aaaa::1")
    same_network = request_from(LOAD_BALANCER, "2001:db8:1:2:ffff:1:2:3")
    next_network = request_from(LOAD_BALANCER, "2001:db8:1:3::1")
    assert client_limit_key(first) == client_limit_key(same_network) == "2001:db8:1:2::/64"
    assert client_limit_key(next_network) != client_limit_key(first)
    assert limit_key("198.51.100.7") == "198.51.100.7"
    assert limit_key("") == ""


def test_a_malformed_setting_stops_the_site_at_startup(settings):
    settings.SELOSTE_TRUSTED_PROXIES = ["10.0.0.0/8", "loadbalancer.internal"]
    errors = [m for m in run_checks() if m.id == "seloste_cookies.E001"]
    assert errors and "loadbalancer.internal" in errors[0].msg
