"""The add-on installed as a Wagtail developer installs it: the wheel built from this repository,
a fresh `wagtail start` site in a clean virtualenv, and the steps of docs/developers.md's
"Adding Seloste to an existing Wagtail site" and "Removing" sections, read from the doc itself,
so the doc and what is proven cannot drift apart. Then the site is served by its own runserver
and used over HTTP as a visitor and a data subject would.

Slow by nature (a wheel build and a virtualenv, a minute or two with pip's cache), so it is one
test that carries every check; every subprocess and request has a bounded timeout, and the
server it starts is stopped by its pid.
"""

import html
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "developers.md"
PORTS = range(18240, 18260)
INBOX = "privacy@host.example"
# The host's own Google tag in <head>, as many sites have: Consent Mode must come before it.
HOST_GTAG = (
    '<script async src="https://www.googletagmanager.com/gtag/js?id=G-HOST123"></script>\n'
    "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}"
    " gtag('js', new Date()); gtag('config', 'G-HOST123');</script>\n"
)

pytestmark = [
    pytest.mark.timeout(600),
    # The host has its own SQLite database whatever the suite runs on, so CI's PostgreSQL run
    # would repeat the SQLite run's proof minute for minute.
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the wagtail start host uses its own SQLite; the SQLite run carries this test",
    ),
]


def clean_env() -> dict[str, str]:
    """The environment of a command of the host's, without this suite's settings and paths."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.pop("DATABASE_URL", None)
    env.pop("PYTHONPATH", None)
    return env


def run(args, *, cwd, timeout=300, env=None, input=None):
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or clean_env(),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def doc_sections() -> tuple[str, str]:
    text = DOC.read_text()
    install = text.split("## Adding Seloste to an existing Wagtail site", 1)[1].split("\n## ", 1)[0]
    removal = text.split("\n## Removing", 1)[1].split("\n## ", 1)[0]
    return install, removal


def fenced_block(section: str, after: str, lang: str) -> str:
    """The first ```lang block after the text `after` in a section of the doc."""
    rest = section.split(after, 1)[1] if after else section
    match = re.search(rf"```{lang}\n(.*?)```", rest, re.S)
    assert match, f"no {lang} block after {after!r} in {DOC.name}"
    return match.group(1)


def apply_template_lines(template: str, block: str) -> str:
    """Put the doc's template lines into the host's template. Lines of the block the template
    already has are anchors; `…` stands for the template's own content; a new line goes right
    after the anchor it follows in the block, or right before the next anchor after a `…`."""
    lines = template.splitlines()
    stripped = [line.strip() for line in lines]
    steps = [line.strip() for line in block.strip().splitlines()]
    anchors = {step for step in steps if step in stripped}
    assert anchors, "none of the doc's anchor lines is in the host's base.html"
    pending: list[str] = []
    after_anchor: int | None = None
    for step in steps:
        if step == "…":
            after_anchor = None
        elif step in anchors:
            index = stripped.index(step)
            lines[index:index] = pending
            stripped[index:index] = pending
            pending = []
            after_anchor = stripped.index(step)
        elif after_anchor is not None:
            after_anchor += 1
            lines.insert(after_anchor, step)
            stripped.insert(after_anchor, step)
        else:
            pending.append(step)
    assert not pending, f"no anchor after {pending} in the host's base.html"
    return "\n".join(lines) + "\n"


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {PORTS}")


class Visitor:
    """A browser without JavaScript: cookies kept, redirects followed, bounded timeouts."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.url, response.read().decode()

    def cookie_names(self) -> set[str]:
        return {cookie.name for cookie in self.jar}


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the host's runserver exited"
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer in {seconds} s")


def stylesheets(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)


def test_wheel_on_a_fresh_wagtail_start_site_by_the_docs_steps(tmp_path):
    install_doc, removal_doc = doc_sections()
    settings_block = fenced_block(install_doc, "**1. The settings**", "python")
    urls_block = fenced_block(install_doc, "**2. The URLs**", "python")
    template_block = fenced_block(install_doc, "**3. The template tags**", "django")
    removal_commands = fenced_block(removal_doc, "", "sh").strip().splitlines()
    for command in ("python manage.py migrate", "python manage.py prepare_seloste"):
        assert f"`{command}`" in install_doc
    assert "python manage.py db_worker --backend seloste" in install_doc
    assert '"seloste[tasks-db]"' in install_doc

    # The wheel, built from the repository as a release is.
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, ROOT],
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("seloste-*.whl")

    # A fresh site from the installed Wagtail's own `wagtail start`.
    wagtail = Path(sys.executable).parent / "wagtail"
    host = tmp_path / "host"
    host.mkdir()
    run([wagtail, "start", "mysite", host], cwd=tmp_path, timeout=60)
    # The site's requirements, with the installed Django when the site's asks for one this
    # Python cannot run (wagtail start writes the newest Django, which needs Python 3.12).
    import django
    import wagtail as wagtail_package

    requirements = []
    for line in (host / "requirements.txt").read_text().splitlines():
        name = re.split(r"[<>=!~ \[]", line.strip(), maxsplit=1)[0].lower()
        if name == "django":
            line = f"Django=={django.__version__}"
        elif name == "wagtail":
            line = f"wagtail=={wagtail_package.__version__}"
        requirements.append(line)
    (host / "requirements.txt").write_text("\n".join(requirements) + "\n")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path, timeout=120)
    python = venv / "bin" / "python"
    run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            host / "requirements.txt",
            f"{wheel}[tasks-db]",
        ],
        cwd=host,
        timeout=480,
    )
    installed = run([python, "-m", "pip", "list", "--format=freeze"], cwd=host).lower()
    for server_only in (
        "gunicorn",
        "redis",
        "psycopg",
        "whitenoise",
        "django-csp",
        "dj-database-url",
    ):
        assert f"\n{server_only}==" not in f"\n{installed}", f"the wheel brought {server_only}"

    # The doc's three additions, as written there.
    project = host / "mysite"
    with (project / "settings" / "base.py").open("a") as settings:
        settings.write("\n" + settings_block)
    with (project / "urls.py").open("a") as urls:
        urls.write("\n" + urls_block)
    base_html = project / "templates" / "base.html"
    template = base_html.read_text().replace("</head>", HOST_GTAG + "</head>", 1)
    base_html.write_text(apply_template_lines(template, template_block))
    # The host's own mail configuration: messages land in files this test reads.
    mail_dir = tmp_path / "mail"
    with (project / "settings" / "dev.py").open("a") as dev:
        dev.write(
            "\nEMAIL_BACKEND = 'django.core.mail.backends.filebased.EmailBackend'\n"
            f"EMAIL_FILE_PATH = {str(mail_dir)!r}\n"
        )

    env = {**clean_env(), "DJANGO_SETTINGS_MODULE": "mysite.settings.dev"}

    def manage(*args, timeout=180, input=None):
        return run([python, "manage.py", *args], cwd=host, env=env, timeout=timeout, input=input)

    manage("migrate", "--no-input")
    prepared = manage("prepare_seloste")
    assert prepared.strip(), "prepare_seloste printed nothing of what it did"
    assert manage("prepare_seloste") != "", "prepare_seloste is silent on a second run"

    # What an editor adds in the admin: a notice with its controller, a request page under it,
    # and an inbox for requests (Seloste → Settings → Rights requests).
    manage(
        "shell",
        "-c",
        f"""
from wagtail.models import Site
from notices.models import Organisation, PrivacyNoticePage
from notices.rights.models import RightsRequestPage, RightsRequestSettings
site = Site.objects.get(is_default_site=True)
inbox = RightsRequestSettings.for_site(site)
inbox.extra_inbox = {INBOX!r}
inbox.save()
org = Organisation.objects.create(name="Host GmbH", business_id="HRB 12345", country="DE")
notice = site.root_page.add_child(instance=PrivacyNoticePage(
    title="Privacy notice", slug="privacy",
    body=[("controller", {{"organisation": org}}), ("change_policy", {{"text": "We say so."}})]))
notice.save_revision().publish()
form = notice.add_child(instance=RightsRequestPage(title="Make a request", slug="request"))
form.save_revision().publish()
from cookie_consent.models import CookieGroup
CookieGroup.objects.create(varname="host_chat", name="Chat")
""",
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=host,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(base + "/", server)
        visitor = Visitor(base)

        status, _, notice = visitor.get("/privacy/")
        assert status == 200
        assert "Privacy notice" in notice and "We say so." in notice and "Host GmbH" in notice
        # The banner, its stylesheet, and Consent Mode's default before the site's Google tag.
        assert 'id="cc-banner"' in notice and "Accept all" in notice and "Reject all" in notice
        assert notice.index('gtag("consent","default"') < notice.index("G-HOST123")
        sheets = stylesheets(notice)
        assert any(s.endswith("seloste/cookies/consent.css") for s in sheets), sheets
        assert any(s.endswith("seloste/notices/notice.css") for s in sheets), sheets
        for sheet in sheets:
            status, content_type, css = visitor.get(sheet)
            assert status == 200 and content_type.startswith("text/css") and css.strip(), sheet
        assert 'href="/cookie-settings/"' in notice
        assert visitor.cookie_names() <= {"csrftoken"}, visitor.cookie_names()

        status, _, cookie_settings = visitor.get("/cookie-settings/")
        assert status == 200
        assert "Analytics" in cookie_settings and "Necessary" in cookie_settings

        status, _, form = visitor.get("/privacy/request/")
        assert status == 200
        assert any(s.endswith("seloste/rights/request-form.css") for s in stylesheets(form))
        # The element around the trap's label carries `hidden`: no stylesheet needed.
        trap = re.search(r"<div([^>]*)>\s*<label[^>]*>Leave this field empty</label>", form)
        assert trap and re.search(r"\shidden(\s|$|=)", trap[1]), trap
        token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1])
        request_type = re.search(r'name="request_type" value="([^"]+)"', form)[1]
        status, landed, answer = visitor.post(
            "/privacy/request/",
            {
                "csrfmiddlewaretoken": token,
                "request_type": request_type,
                "name": "Erika Mustermann",
                "email": "erika@example.de",
                "message": "Please send me a copy of the data you hold about me.",
                "website": "",
            },
        )
        assert status == 200 and "Leave this field empty" not in answer, landed
        assert visitor.cookie_names() <= {"csrftoken"}, visitor.cookie_names()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()

    stored = manage(
        "shell",
        "-c",
        "from notices.rights.models import RightsRequest; "
        "print([(r.email, r.request_type) for r in RightsRequest.objects.all()])",
    )
    assert f"('erika@example.de', '{request_type}')" in stored
    # The request is stored before any mail; the worker the doc names sends it.
    manage("db_worker", "--backend", "seloste", "--batch", timeout=120)
    messages = [path.read_text() for path in mail_dir.glob("*")] if mail_dir.exists() else []
    assert any(f"To: {INBOX}" in message for message in messages), messages

    # Removal, the doc's commands one after the other (uninstall_seloste asks first).
    for command in removal_commands:
        args = command.split()
        assert args[:2] == ["python", "manage.py"], command
        manage(*args[2:], input="yes\n")
    left = manage(
        "shell",
        "-c",
        """
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page
from cookie_consent.models import CookieGroup
print("tables", [t for t in connection.introspection.table_names() if t.startswith("seloste_")])
seloste = {"app_label__startswith": "seloste_"}
print("types", list(ContentType.objects.filter(**seloste).values_list("model", flat=True)))
perms = Permission.objects.filter(content_type__app_label__startswith="seloste_")
print("perms", list(perms.values_list("codename", flat=True)))
pages = Page.objects.filter(slug__in=["privacy", "request"])
print("pages", list(pages.values_list("slug", flat=True)))
print("groups", sorted(Group.objects.values_list("name", flat=True)))
print("cookiegroups", list(CookieGroup.objects.values_list("varname", flat=True)))
""",
    )
    assert "cookiegroups ['host_chat']" in left, left
    for empty in ("tables", "types", "perms", "pages"):
        assert f"{empty} []" in left, left
    assert "groups ['Editors', 'Moderators']" in left, left
    shutil.rmtree(venv, ignore_errors=True)
