"""Faults a visitor must never see as a 500: the cache server gone, a read-only or unreachable
database, a body in another charset, a malformed API query.

Everything runs on the production middleware stack (tests/test_production.py's fixture) with
the real database of the run (SQLite, or PostgreSQL in CI) and, where one is needed, a real
redis-server on a free port.
"""

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, override_settings

from config.cache import FailOpenRedisCache
from tests.conftest import running_in_ci
from tests.test_production import NOTICE_URL, production  # noqa: F401 - a fixture

PUBLIC_PAGES = [
    "/fi/",
    NOTICE_URL,
    NOTICE_URL + "versiot/",
    "/sv/dataskyddsbeskrivning/",
    "/en/privacy-notice/",
    "/fi/evasteasetukset/",
    "/fi/ei-ole-olemassa/",  # the 404 page
]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(location: str) -> dict:
    """The default cache as production configures it with REDIS_URL."""
    return {
        "BACKEND": "config.cache.FailOpenRedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "seloste-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


@pytest.fixture
def cache_at(production):  # noqa: F811 - the fixture imported above
    """Points the shared cache at a Redis location for the rest of the test."""
    with contextlib.ExitStack() as stack:

        def point(location: str) -> FailOpenRedisCache:
            # override_settings empties Django's cache handlers, so caches[...] reads it anew.
            stack.enter_context(
                override_settings(
                    CACHES={**django_settings.CACHES, "default": redis_cache(location)}
                )
            )
            return caches["default"]

        yield point


def statuses(client: Client, urls: list[str]) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_pages_answer_with_the_cache_server_unreachable(demo, cache_at, caplog):
    cache = cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        answers = statuses(client, PUBLIC_PAGES)
    assert answers == {url: 404 if "ei-ole" in url else 200 for url in PUBLIC_PAGES}
    # The page is whole, consent banner and sections included, rendered without the cache.
    html = client.get(NOTICE_URL).content.decode()
    assert "Hyväksy kaikki" in html and "<h2" in html
    # Logged once and counted, not once per call.
    outage_lines = [r for r in caplog.records if "Cache server unavailable" in r.getMessage()]
    assert len(outage_lines) == 1
    assert cache.unavailable_calls > len(PUBLIC_PAGES)


def test_forms_api_and_admin_answer_with_the_cache_server_unreachable(demo, cache_at):
    cache_at(f"redis://127.0.0.1:{closed_port()}/0")
    client = Client(raise_request_exception=False)
    form_url = NOTICE_URL + "pyynto/"
    assert client.get(form_url).status_code == 200
    # A consent decision is stored and answered with the usual redirect.
    decided = client.post(
        "/fi/evasteasetukset/valinta/",
        {"action": "accept", "source": "banner", "all_groups": "on", "next": "/fi/"},
        HTTP_ORIGIN="http://testserver",
    )
    assert decided.status_code in (302, 303)
    assert client.get("/api/v2/pages/?type=seloste_notices.PrivacyNoticePage").status_code == 200
    assert client.get(f"/api/v2/pages/find/?id={demo['notice'].pk}").status_code == 302
    User.objects.create_superuser("ops", "ops@example.com", "correct horse battery")
    signed_in = client.post(
        "/admin/login/", {"username": "ops", "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get(NOTICE_URL).status_code == 200  # now with a session


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server on a free loopback port, without persistence; stopped after."""
    port = closed_port()
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield process, f"redis://127.0.0.1:{port}/0", client
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def test_a_redis_that_stops_answering_costs_speed_and_loses_no_publish(
    demo, cache_at, redis_server, monkeypatch
):
    """Redis frozen (SIGSTOP: connections stay open, nothing answers), then back: pages answer
    throughout, and a publish made meanwhile reaches the shared counters once it is back."""
    import config.cache
    from config.middleware import PAGES_COUNTER

    process, location, raw = redis_server
    cache = cache_at(location)
    client = Client(raise_request_exception=False)
    assert client.get(NOTICE_URL).status_code == 200
    counter_key = cache.make_key(PAGES_COUNTER.key)
    before = int(raw.get(counter_key))

    monkeypatch.setattr(config.cache, "RETRY_SECONDS", 0.2)
    os.kill(process.pid, signal.SIGSTOP)
    notice = demo["notice"]
    notice.title = "Tietosuojaseloste, julkaistu katkon aikana"
    notice.save_revision().publish()
    assert "julkaistu katkon aikana" in client.get(NOTICE_URL).content.decode()
    assert cache.available is False

    os.kill(process.pid, signal.SIGCONT)
    time.sleep(0.3)
    assert client.get(NOTICE_URL).status_code == 200
    assert cache.available is True
    assert int(raw.get(counter_key)) > before  # the bump made during the outage was sent
    assert "julkaistu katkon aikana" in client.get(NOTICE_URL).content.decode()


# --- the database ---------------------------------------------------------------------------


@contextlib.contextmanager
def read_only_database():
    """The database refuses writes for the block, as a standby after a failover does; each
    request gets its own, as each real request has its own transaction."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET TRANSACTION READ ONLY")
                else:
                    cursor.execute("PRAGMA query_only = ON")
            yield
            raise RolledBack
    except RolledBack:
        pass
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")


class RolledBack(Exception):
    """Leaves the read-only block by rolling it back, so the test's transaction goes on."""


def test_a_read_only_database_answers_writes_with_503(demo, production):  # noqa: F811
    User.objects.create_superuser("ops", "ops@example.com", "correct horse battery")
    client = Client(raise_request_exception=False)
    with read_only_database():
        signed_in = client.post(
            "/admin/login/", {"username": "ops", "password": "correct horse battery"}
        )
    with read_only_database():
        decided = client.post(
            "/fi/evasteasetukset/valinta/",
            {"action": "accept", "source": "banner", "all_groups": "on", "next": "/fi/"},
            HTTP_ORIGIN="http://testserver",
        )
    with read_only_database():
        page = client.get(NOTICE_URL)
    for response in (signed_in, decided):
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "<h1>" in response.content.decode()
        assert "Traceback" not in response.content.decode()
    # Reading goes on: a standby still serves the notice.
    assert page.status_code == 200


# --- a body in another charset --------------------------------------------------------------

NON_UTF8_BODY = "name=M\xe4kinen&email=m%40example.com".encode("latin-1")


@pytest.mark.parametrize(
    "url",
    [
        NOTICE_URL + "pyynto/",
        "/fi/evasteasetukset/valinta/",
        "/admin/login/",
        "/fi/ei-ole-olemassa/",
    ],
)
@pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
def test_a_post_in_another_charset_is_a_400(db, production, url, charset):  # noqa: F811
    # A real browser's CSRF checks and cookie: Django's default 400 view ran the CSRF check
    # again, read the body again, and answered 500.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "k" * 32
    response = client.generic(
        "POST",
        url,
        NON_UTF8_BODY,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert "<h1>" in response.content.decode()


def test_the_404_page_is_the_sites_own(demo, production):  # noqa: F811
    response = Client().get("/fi/ei-ole-olemassa/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="fi"' in html and "Hyväksy kaikki" in html  # the site's page, with consent


# --- the API --------------------------------------------------------------------------------

MALFORMED_QUERIES = [
    "find/?id=abc",
    "find/?id=1%00",
    "find/?id=99999999999999999999999",
    "?search=a%00b",
    "?search=x&search_operator=%00",
    "?locale=f%00i",
    "?offset=99999999999999999999999",
    "?limit=abc",
    "?id=abc",
    "?%00=1",
]
PAGE_QUERIES = [
    "find/?html_path=/fi%00/",
    "find/?html_path=%00",
    "?first_published_at=abc",
    "?child_of=99999999999999999999999",
    "?type=seloste_notices.PrivacyNoticePage&title=%00",
]


@pytest.mark.parametrize(
    "endpoint, query",
    [
        *(
            (endpoint, query)
            for endpoint in ("pages", "images", "documents")
            for query in MALFORMED_QUERIES
        ),
        *(("pages", query) for query in PAGE_QUERIES),
    ],  # fmt: skip
)
def test_a_malformed_api_query_is_a_400(home_page, endpoint, query):
    response = Client(raise_request_exception=False).get(f"/api/v2/{endpoint}/{query}")
    assert response.status_code == 400, response.content[:300]
    assert "message" in response.json()


def test_the_api_still_finds_and_lists(demo):
    client = Client()
    assert client.get("/api/v2/pages/?search=tietosuoja").status_code == 200
    found = client.get("/api/v2/pages/find/?html_path=/tietosuojaseloste/")
    assert found.status_code == 302
    assert f"/api/v2/pages/{demo['notice'].pk}/" in found["Location"]
    assert client.get(f"/api/v2/pages/find/?id={demo['notice'].pk}").status_code == 302
    assert client.get("/api/v2/pages/?offset=1&limit=2").status_code == 200
