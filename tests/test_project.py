import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_no_missing_migrations(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Models changed without a migration:\n{out.getvalue()} ({exit_})")


def test_database_is_the_one_the_environment_asks_for(db):
    """CI runs the suite on PostgreSQL; a silent fall-back to SQLite would hide its bugs."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected


def test_site_folder_is_not_a_package():
    # site/__init__.py would shadow the standard library's "site" module.
    assert not (ROOT / "site" / "__init__.py").exists()


def test_addons_do_not_import_the_project():
    """notices/ and cookies/ are add-ons: no imports from home/ or the project config."""
    offenders = []
    for app in ("notices", "cookies"):
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for forbidden in ("from home", "import home", "from config", "import config"):
                if forbidden in text:
                    offenders.append(f"{path.relative_to(ROOT)}: {forbidden}")
    cookies_text = "".join(p.read_text() for p in (ROOT / "cookies").rglob("*.py"))
    if "from notices" in cookies_text or "import notices" in cookies_text:
        offenders.append("cookies/ imports notices/")
    assert offenders == []


def test_production_settings_refuse_to_start_without_secret_key():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production"})
    env["DJANGO_ALLOWED_HOSTS"] = "example.com"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_admin_makes_no_third_party_request(admin_client, home_page):
    """Gravatar and the update check would tell third parties about editors."""
    for url in ("/admin/", "/admin/account/", f"/admin/pages/{home_page.pk}/edit/"):
        html = admin_client.get(url).content.decode()
        assert "gravatar" not in html, url
        assert "releases.wagtail.io" not in html, url
