"""The reverse proxy for real: Debian's nginx with deploy/nginx/'s configuration, started on free
loopback ports in front of the app (the production middleware stack, on this run's database).

What a visitor and an editor would notice: a public page comes from the proxy's cache, in the
encoding the browser takes; a publish shows the new version through the proxy at once (Wagtail's
frontend cache purges it); nothing with a cookie is ever kept or shared; slow clients do not
hold the app; the production (TLS) variant is a configuration nginx accepts.
"""

import gzip
import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import brotli
import pytest
from django.apps import apps
from django.core import signals
from django.db import close_old_connections, connections
from django.test import override_settings

from deploy.nginx import REQUIRED_MODULES, Nginx, missing_modules, render
from tests.conftest import running_in_ci
from tests.test_production import NOTICE_URL, production  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parent.parent


def require_nginx() -> None:
    problem = None
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        problem = "nginx is not installed"
    elif missing_modules():
        problem = f"nginx modules missing: {', '.join(missing_modules())}"
    if problem:
        message = f"{problem} (bash deploy/install-packages.sh)"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class AppServer(threading.Thread):
    """The Django app on a free port, one request at a time (like one sync gunicorn worker),
    on the test's own database connection so it sees the test's rows."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()  # loads the middleware in force now: production's
        self.connection = connections["default"]
        self.ready = threading.Event()

    def run(self) -> None:
        connections["default"] = self.connection
        self.httpd = make_server(
            "127.0.0.1", 0, self.handler, server_class=WSGIServer, handler_class=QuietHandler
        )
        self.port = self.httpd.server_port
        self.ready.set()
        self.httpd.serve_forever(poll_interval=0.1)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy(demo, production, tmp_path):  # noqa: F811 - the fixture imported above
    """nginx on a free port in front of the app; the default site is the address it serves, as
    `make serve` sets it; Wagtail's frontend cache purges through nginx."""
    require_nginx()
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished

    connection = connections["default"]
    connection.inc_thread_sharing()
    # As Django's test client does: the app shares the test's open transaction, which closing
    # "old" connections at the end of each request would cut.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    app = AppServer()
    app.start()
    app.ready.wait(10)
    (tmp_path / "static").mkdir()
    (tmp_path / "media").mkdir()
    nginx = Nginx(
        tmp_path / "nginx", f"127.0.0.1:{app.port}", tmp_path / "static", tmp_path / "media"
    )
    host, port = nginx.listen.rsplit(":", 1)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = host, int(port)
    site.save()  # through save(): Wagtail forgets the site root paths it has cached
    purging = {
        "default": {
            "BACKEND": "config.frontend_cache.NginxPurgeBackend",
            "LOCATION": nginx.purge_url,
        }
    }
    # What wagtail.contrib.frontend_cache's app config does when production installs it.
    signal_handlers.register_signal_handlers()
    try:
        with override_settings(WAGTAILFRONTENDCACHE=purging, WAGTAILFRONTENDCACHE_LANGUAGES=[]):
            nginx.start()
            yield nginx
    finally:
        nginx.stop()
        app.stop()
        connection.dec_thread_sharing()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        for model in apps.get_models():
            if issubclass(model, Page):
                page_published.disconnect(signal_handlers.page_published_signal_handler, model)
                page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, model)


def fetch(base: str, path: str, encoding: str = "", **headers: str) -> tuple[int, dict, bytes]:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        sent = {"Accept-Encoding": encoding or "identity", **headers}
        conn.request("GET", path, headers=sent)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def decoded(headers: dict, body: bytes) -> str:
    encoding = headers.get("content-encoding", "")
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def title(headers: dict, body: bytes) -> str:
    return re.search(r"<h1>(.*?)</h1>", decoded(headers, body)).group(1)


ENCODINGS = {"br": "gzip, deflate, br", "gzip": "gzip, deflate", "identity": ""}


def test_public_pages_come_from_the_proxy_cache_compressed(proxy):
    for expected, accept in ENCODINGS.items():
        first = fetch(proxy.url, NOTICE_URL, accept)
        second = fetch(proxy.url, NOTICE_URL, accept)
        assert first[0] == second[0] == 200, (first[:2], second[:2])
        assert first[1]["x-cache-status"] == "MISS", first[1]
        assert second[1]["x-cache-status"] == "HIT", second[1]
        assert second[1].get("content-encoding", "identity") == expected
        assert second[1]["vary"] == "Accept-Encoding"
        assert second[2] == first[2]
        assert "Hyväksy kaikki" in decoded(*second[1:])
    plain, compressed = fetch(proxy.url, NOTICE_URL)[2], fetch(proxy.url, NOTICE_URL, "br")[2]
    assert len(compressed) < len(plain) / 3


def test_a_publish_shows_the_new_version_through_the_proxy_at_once(
    proxy, demo, django_capture_on_commit_callbacks
):
    for accept in ENCODINGS.values():
        fetch(proxy.url, NOTICE_URL, accept)
        status, headers, body = fetch(proxy.url, NOTICE_URL, accept)
        assert headers["x-cache-status"] == "HIT"
        assert title(headers, body) == demo["notice"].title

    notice = demo["notice"].specific_class.objects.get(pk=demo["notice"].pk)
    notice.title = "Tietosuojaseloste, päivitetty juuri"
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    for accept in ENCODINGS.values():
        status, headers, body = fetch(proxy.url, NOTICE_URL, accept)
        assert status == 200
        assert title(headers, body) == "Tietosuojaseloste, päivitetty juuri"

    # The control: without the purge the proxy keeps serving what it holds.
    fetch(proxy.url, NOTICE_URL, "br")
    notice.title = "Tietosuojaseloste, ei vielä näkyvissä"
    with override_settings(WAGTAILFRONTENDCACHE={}):
        with django_capture_on_commit_callbacks(execute=True):
            notice.save_revision().publish()
    status, headers, body = fetch(proxy.url, NOTICE_URL, "br")
    assert headers["x-cache-status"] == "HIT"
    assert title(headers, body) == "Tietosuojaseloste, päivitetty juuri"


def test_nothing_with_a_cookie_is_kept_or_shared(proxy):
    form = NOTICE_URL + "pyynto/"
    answers = [fetch(proxy.url, form, "br") for __ in range(2)]
    tokens = set()
    for status, headers, body in answers:
        assert status == 200
        assert "set-cookie" in headers  # the form's CSRF cookie
        assert headers["x-cache-status"] == "MISS"
        tokens.add(
            re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', decoded(headers, body))[1]
        )
    assert len(tokens) == 2  # each visitor their own token

    # The admin (private, no-store) is never kept either.
    for __ in range(2):
        status, headers, __body = fetch(proxy.url, "/admin/login/")
        assert status == 200 and headers["x-cache-status"] == "MISS"

    # An editor with a session always gets a fresh page, and it is not kept for others.
    fetch(proxy.url, NOTICE_URL, "br")
    status, headers, __body = fetch(proxy.url, NOTICE_URL, "br", Cookie="sessionid=abc")
    assert headers["x-cache-status"] == "BYPASS"


def test_proxy_serves_the_favicon_and_refuses_documents_itself(proxy):
    status, headers, body = fetch(proxy.url, "/favicon.ico")
    assert status == 200 and body == (ROOT / "site/root/favicon.ico").read_bytes()
    assert "x-cache-status" not in headers  # not from the app
    assert fetch(proxy.url, "/media/documents/secret.pdf")[0] == 404


def test_the_proxy_passes_the_client_address_and_scheme(proxy, monkeypatch):
    """nginx appends the address it sees to X-Forwarded-For; Django finds the client through
    SELOSTE_TRUSTED_PROXIES (loopback, this nginx) as docs/operators.md pairs them."""
    from django.http import HttpResponse

    import config.urls

    seen = {}

    def echo(request):
        seen.update(
            forwarded=request.META.get("HTTP_X_FORWARDED_FOR"),
            proto=request.META.get("HTTP_X_FORWARDED_PROTO"),
            host=request.get_host(),
        )
        return HttpResponse("ok", headers={"Cache-Control": "no-store"})

    from django.urls import clear_url_caches, path

    monkeypatch.setattr(config.urls, "urlpatterns", [path("echo/", echo), *config.urls.urlpatterns])
    clear_url_caches()
    try:
        fetch(proxy.url, "/echo/", **{"X-Forwarded-For": "203.0.113.9"})
    finally:
        clear_url_caches()
    assert seen["forwarded"] == "203.0.113.9, 127.0.0.1"
    assert seen["proto"] == "http"
    assert seen["host"] == proxy.listen  # the port too: Django checks a form's Origin against it


def slow_connections(host: str, port: int, count: int) -> list[socket.socket]:
    """Slowloris: connections that send part of a request and then nothing."""
    sockets = []
    for __ in range(count):
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)
    return sockets


def answers_within(base: str, seconds: float) -> bool:
    host, port = base.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=seconds)
    try:
        # A session cookie: past any cache, the app itself has to answer.
        conn.request("GET", "/fi/", headers={"Cookie": "sessionid=none"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def test_slow_clients_hold_nginx_not_the_app(proxy):
    app = f"http://{proxy.variables['SELOSTE_UPSTREAM']}"
    host, port = proxy.listen.rsplit(":", 1)
    held = slow_connections(host, int(port), 4)
    try:
        assert answers_within(proxy.url, 10)
    finally:
        for sock in held:
            sock.close()
    # The control: the same four straight at the app's one worker, and nobody else gets in.
    app_host, app_port = app.removeprefix("http://").rsplit(":", 1)
    held = slow_connections(app_host, int(app_port), 4)
    try:
        assert not answers_within(app, 2)
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)


def test_the_production_configuration_is_one_nginx_accepts(tmp_path):
    """The TLS variant, rendered as docs/operators.md says, with a throwaway certificate."""
    require_nginx()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=tietosuoja.example.fi",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=60,
    )
    variables = {
        "SELOSTE_SERVER_NAME": "tietosuoja.example.fi",
        "SELOSTE_TLS_CERTIFICATE": str(cert),
        "SELOSTE_TLS_KEY": str(key),
        "SELOSTE_UPSTREAM": "127.0.0.1:8000",
        "SELOSTE_STATIC_ROOT": str(tmp_path / "static"),
        "SELOSTE_MEDIA_ROOT": str(tmp_path / "media"),
        "SELOSTE_ROOT_FILES": str(ROOT / "site" / "root"),
        "SELOSTE_CACHE_DIR": str(tmp_path / "cache"),
        "SELOSTE_PURGE_LISTEN": "127.0.0.1:8081",
        "SELOSTE_PURGE_ALLOW": "127.0.0.1",
    }
    site = tmp_path / "seloste.conf"
    site.write_text(render("production", variables))
    modules = "\n".join(f"load_module /usr/lib/nginx/modules/{m};" for m in REQUIRED_MODULES)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"{modules}\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\ninclude {site};\n}}\n"
    )
    result = subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-p", str(tmp_path), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    text = site.read_text()
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in text
    assert "return 301 https://$host$request_uri;" in text
    assert "${" not in text
