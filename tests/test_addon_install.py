"""Seloste as add-ons: a minimal host Wagtail project (tests/host_project) mounts notices/ and
cookies/ with INSTALLED_APPS, one URL include and one template tag, and nothing else.

Runs in a subprocess with the host's own settings module (pytest-django's settings are fixed
for the session) and its own scratch SQLite database. The same run removes the add-ons again
with `migrate … zero` for each of its apps, and applies them once more: every migration is
reversible, in both directions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOST_SCRIPT = """
import json
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client

call_command("migrate", verbosity=0)
call_command("prepare_seloste", verbosity=0)

from wagtail.models import Site
from notices.models import PrivacyNoticePage

root = Site.objects.get(is_default_site=True).root_page
notice = root.add_child(instance=PrivacyNoticePage(
    title="Host privacy notice", slug="privacy", body=[("change_policy", {"text": "We say so."})],
))
notice.save_revision().publish()

client = Client()
page = client.get("/privacy/")
html = page.content.decode()
settings_page = client.get("/cookie-settings/")
out = {
    "notice_status": page.status_code,
    "has_title": "Host privacy notice" in html,
    "has_section": "We say so." in html,
    "has_banner": 'id="cc-banner"' in html and "Accept all" in html and "Reject all" in html,
    "has_footer_link": 'href="/cookie-settings/"' in html,
    "has_consent_script": "consent.js" in html and 'gtag("consent","default"' in html,
    "sets_no_cookie": not page.cookies,
    "settings_status": settings_page.status_code,
}

call_command("uninstall_seloste", interactive=False, verbosity=0)
# The rights requests hang on the notice and the outbox.
for label in ("seloste_rights", "seloste_notices", "seloste_outbox",
              "seloste_cookies"):
    call_command("migrate", label, "zero", verbosity=0)
tables = connection.introspection.table_names()
out["left_tables"] = [t for t in tables if t.startswith("seloste_")]
call_command("migrate", verbosity=0)
tables = connection.introspection.table_names()
out["reapplied"] = all(
    f"seloste_{name}" in tables
    for name in ("notices_privacynoticepage", "rights_rightsrequest", "outbox_outboxmessage",
                 "cookies_consentrecord")
)
print("RESULT " + json.dumps(out))
"""


def test_host_wagtail_project_needs_only_apps_one_include_and_one_tag(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.host_project.settings",
        "HOST_PROJECT_DB": str(tmp_path / "host.sqlite3"),
        # The repository root only: the host project never sees site/ (Seloste's own config).
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", HOST_SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stdout[-3000:] + result.stderr[-3000:]
    out = json.loads(lines[-1].removeprefix("RESULT "))
    assert out == {
        "notice_status": 200,
        "has_title": True,
        "has_section": True,
        "has_banner": True,
        "has_footer_link": True,
        "has_consent_script": True,
        "sets_no_cookie": True,
        "settings_status": 200,
        "left_tables": [],
        "reapplied": True,
    }


def test_host_project_does_not_import_seloste_config():
    """The host project stands for someone else's site: nothing of site/ or home/ in it."""
    for path in (ROOT / "tests" / "host_project").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "config." not in text and "home" not in text, path


WITHOUT_RIGHTS_SCRIPT = """
import json
import django
django.setup()
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)

from django.apps import apps
from wagtail.models import Site
from notices.models import PrivacyNoticePage

root = Site.objects.get(is_default_site=True).root_page
notice = root.add_child(instance=PrivacyNoticePage(
    title="Host privacy notice", slug="privacy", body=[("change_policy", {"text": "We say so."})],
))
notice.save_revision().publish()
client = Client()
page = client.get("/privacy/")
out = {
    "rights_installed": apps.is_installed("notices.rights"),
    "notice_status": page.status_code,
    "has_section": "We say so." in page.content.decode(),
    "tilt_status": client.get("/privacy/tilt/").status_code,
    "subpage_types": [m._meta.label for m in PrivacyNoticePage.allowed_subpage_models()],
}
print("RESULT " + json.dumps(out))
"""


def test_the_notice_works_without_the_rights_requests_app(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.host_project.settings",
        "HOST_PROJECT_DB": str(tmp_path / "host.sqlite3"),
        "HOST_WITHOUT_RIGHTS": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_RIGHTS_SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert result.returncode == 0 and lines, result.stdout[-3000:] + result.stderr[-3000:]
    assert json.loads(lines[-1].removeprefix("RESULT ")) == {
        "rights_installed": False,
        "notice_status": 200,
        "has_section": True,
        "tilt_status": 200,
        "subpage_types": [],
    }
