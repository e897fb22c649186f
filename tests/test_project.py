import ast
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


# Which of the project's parts each part may import (DESIGN: home → notices → cookies; the rights
# requests → the notice and the outbox; the notice → the outbox; the drift report stands alone).
ALLOWED_IMPORTS = {
    "cookies": set(),
    "cookies.scanner": {"cookies"},
    "notices.outbox": set(),
    "notices.drift": set(),
    "notices": {"cookies", "notices.outbox"},
    "notices.rights": {"notices", "notices.outbox", "cookies"},
    "home": {"notices", "notices.rights", "notices.outbox", "notices.drift", "cookies"},
}
PARTS = sorted(ALLOWED_IMPORTS, key=len, reverse=True)  # the most specific part first
PROJECT_PACKAGES = ("notices", "cookies", "home", "config")


def _part_of(module: str) -> str | None:
    if module == "config" or module.startswith("config."):
        return "config"
    return next((p for p in PARTS if module == p or module.startswith(p + ".")), None)


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, anywhere in it (a function's lazy import counts too)."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append(target)
            found += [f"{target}.{alias.name}" for alias in node.names]
    return found


def test_imports_follow_the_dependency_graph():
    offenders = []
    for part, allowed in ALLOWED_IMPORTS.items():
        folder = ROOT.joinpath(*part.split("."))
        for path in folder.rglob("*.py"):
            if _part_of(".".join(path.relative_to(ROOT).with_suffix("").parts)) != part:
                continue  # a sub-app's file, checked as that sub-app
            for target in _imports(path):
                if not target.startswith(PROJECT_PACKAGES):
                    continue
                other = _part_of(target)
                if other not in (None, part) and other not in allowed:
                    offenders.append(f"{path.relative_to(ROOT)} imports {target} ({other})")
    assert offenders == []


def test_the_graph_check_sees_lazy_and_relative_imports(tmp_path):
    """The check above must be able to fail: a lazy import from a sub-app is found."""
    path = ROOT / "notices" / "rights" / "models.py"
    targets = _imports(path)
    assert "notices.rights.deadlines" in targets  # relative
    assert "notices.rights.views" in targets  # inside a method


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
