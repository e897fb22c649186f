"""The request form as a deployment serves it: gunicorn (gunicorn.conf.py) with several sync
worker processes under the production settings, on the run's database (PostgreSQL in CI, a
file SQLite database locally), with the mail server down; the same site with its database
unreachable or read-only; and behind nginx with deploy/nginx/'s configuration. Posts are real
HTTP requests on loopback."""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from notices.outbox.models import OutboxMessage, OutboxStatus
from notices.rights.models import RateLimitEvent, RightsRequest
from tests.rights_requests.test_flow import FORM_URL, valid_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SIMULTANEOUS = 50
WORKERS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(base: str, method: str, path: str, body: str = "", headers=None, source: str = ""):
    """(status, headers, body) of one HTTP request to `base` (http://127.0.0.1:port), sent
    from the loopback address `source` when given (another client on the same machine)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(
        host, int(port), timeout=120, source_address=(source, 0) if source else None
    )
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.fixture
def gunicorn(shared_database, tmp_path):
    """`start(database_url)` runs gunicorn on a free port and returns its base URL; every
    server started is stopped (by its process id) before the test database goes away."""
    started: list[subprocess.Popen] = []

    def start(database_url: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.rights_requests.gunicorn_settings",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "SELOSTE_COUNTER_DIR": str(tmp_path / "counters"),
            # The mail server is down: nothing listens on this port.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(free_port()),
            "EMAIL_TIMEOUT": "2",
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_LOGLEVEL": "warning",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        }
        env.pop("SELOSTE_LOAD_TEST", None)  # the real rate limits
        log = open(tmp_path / f"gunicorn-{port}.log", "ab")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [GUNICORN, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (tmp_path / f"gunicorn-{port}.log").read_text()
            try:
                request(base, "GET", "/robots.txt")
                return base
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 120 s"
                time.sleep(0.3)

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def form_token(base: str) -> tuple[str, str]:
    """The form's CSRF token and the cookie header it goes with, as a browser gets them."""
    status, headers, body = request(base, "GET", FORM_URL)
    assert status == 200, body[-2000:]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    return token, f"csrftoken={cookie}"


def post_form(
    base: str, token: str, cookie: str, *, source: str = "", headers=None, **overrides
) -> tuple[int, dict, bytes]:
    fields = {"csrfmiddlewaretoken": token, **valid_data(**overrides)}
    return request(
        base,
        "POST",
        FORM_URL,
        urllib.parse.urlencode(fields),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Origin": base,
            "Referer": base + FORM_URL,
            **(headers or {}),
        },
        source=source,
    )


def at_once(count: int, function) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def one(number: int) -> None:
        barrier.wait(timeout=60)
        try:
            results[number] = function(number)
        except OSError as error:  # a dropped connection is a failure the test names
            results[number] = error

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_identical_posts_at_once_through_gunicorn_store_one_request(
    fi_notice, shared_database, gunicorn
):
    shared_database.start()
    base = gunicorn(shared_database.url)
    token, cookie = form_token(base)

    answers = at_once(SIMULTANEOUS, lambda _n: post_form(base, token, cookie))

    statuses = Counter(a[0] if isinstance(a, tuple) else repr(a) for a in answers)
    # The per-email limit (3 an hour) accepts three; the rest are told to wait, with the text
    # they typed kept in the form. No 500, no dropped connection.
    assert statuses == {302: 3, 429: SIMULTANEOUS - 3}
    limited = next(a[2].decode() for a in answers if a[0] == 429)
    assert "Haluan nähdä, mitä tietoja minusta on asiakasrekisterissä." in limited
    assert "Traceback" not in limited

    def stored() -> dict:
        return {
            "requests": RightsRequest.objects.count(),
            "mail": Counter(OutboxMessage.objects.values_list("kind", "status")),
            "counted": Counter(RateLimitEvent.objects.values_list("scope", flat=True)),
        }

    result = shared_database.run(stored)
    assert result["requests"] == 1
    # Stored before any mail was tried, and with the mail server down the mails wait in the
    # outbox: one confirmation link, one notice to the contact person, none sent yet.
    assert result["mail"] == {
        ("verification", OutboxStatus.PENDING): 1,
        ("new_request", OutboxStatus.PENDING): 1,
    }
    assert result["counted"] == {"email": 3, "address": 3}


def test_with_the_database_unreachable_gunicorn_answers_503_not_500(
    fi_notice, shared_database, gunicorn
):
    shared_database.start()
    token, cookie = form_token(gunicorn(shared_database.url))
    if shared_database.vendor == "sqlite":
        unreachable = f"sqlite:///{shared_database.path.parent / 'gone' / 'db.sqlite3'}"
    else:
        unreachable = f"postgres://seloste:secret@127.0.0.1:{free_port()}/seloste"
    base = gunicorn(unreachable)

    page = request(base, "GET", FORM_URL)
    posted = post_form(base, token, cookie)
    for status, headers, body in (page, posted):
        assert status == 503
        assert headers["Retry-After"]
        assert b"<h1>" in body and b"Traceback" not in body


def test_on_a_read_only_database_the_form_shows_and_a_post_answers_503(
    fi_notice, shared_database, gunicorn
):
    if shared_database.vendor != "postgresql":
        pytest.skip("a read-only server (a standby after a failover) is PostgreSQL's")
    shared_database.start()
    # The site served its form before the failover (its settings rows exist, as Wagtail's
    # settings create them on first use); then every session is read-only, as on a standby.
    form_token(gunicorn(shared_database.url))
    read_only = shared_database.url + "?options=-c%20default_transaction_read_only%3Don"
    base = gunicorn(read_only)

    token, cookie = form_token(base)  # reading goes on: the form is shown
    status, headers, body = post_form(base, token, cookie)

    assert status == 503
    assert headers["Retry-After"]
    assert b"<h1>" in body and b"Traceback" not in body
    assert shared_database.run(RightsRequest.objects.count) == 0


def test_behind_nginx_each_client_has_its_own_limit_and_a_forged_header_changes_nothing(
    fi_notice, shared_database, gunicorn, tmp_path
):
    """The documented topology: nginx (deploy/nginx/) in front of gunicorn on the same server,
    trusted as loopback. Two visitors on other addresses (127.0.0.5 and 127.0.0.6 stand for
    them) each get the per-address limit of 10 an hour; one who makes up an X-Forwarded-For
    for every post is still counted as themselves."""
    from deploy.nginx import Nginx
    from tests.test_proxy import require_nginx

    require_nginx()
    shared_database.start()
    app = gunicorn(shared_database.url)
    for folder in ("static", "media"):
        (tmp_path / folder).mkdir(exist_ok=True)
    nginx = Nginx(
        tmp_path / "nginx",
        app.removeprefix("http://"),
        tmp_path / "static",
        tmp_path / "media",
    )
    nginx.start()
    try:
        base = nginx.url
        token, cookie = form_token(base)

        def forger(number: int) -> int:
            return post_form(
                base,
                token,
                cookie,
                source="127.0.0.5",
                headers={"X-Forwarded-For": f"198.51.100.{number + 1}"},
                email=f"henkilo{number}@example.com",
            )[0]

        answers = Counter(forger(n) for n in range(14))
        other = post_form(base, token, cookie, source="127.0.0.6", email="toinen@example.com")
    finally:
        nginx.stop()

    assert answers == {302: 10, 429: 4}
    # Another visitor behind the same proxy is not held back by the first one's limit.
    assert other[0] == 302
    assert shared_database.run(RightsRequest.objects.count) == 11
