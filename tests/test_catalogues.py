"""The gettext catalogues are complete: every string in code and templates is translated.

makemessages runs on a temporary copy of each catalogue's sources and merges into a copy of the
committed catalogue, so a new msgid in code shows up as an untranslated entry here without
touching the working tree.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import running_in_ci

ROOT = Path(settings.BASE_DIR)
# Each folder that owns a catalogue: the add-ons and their sub-apps, the home app and the
# project's templates. As in `make messages`, the notice's catalogue leaves out its sub-apps.
SUB_APPS = ["notices/rights", "notices/outbox", "notices/drift", "cookies/scanner"]
CATALOGUE_ROOTS = [*SUB_APPS, "notices", "cookies", "home", "site"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture(autouse=True, scope="module")
def gettext_tools() -> None:
    if shutil.which("xgettext") is None:
        message = "GNU gettext is not installed (apt-get install gettext)."
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)


def _copy_sources(name: str, destination: Path) -> Path:
    target = destination / name.replace("/", "-")
    shutil.copytree(
        ROOT / name,
        target,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static_collected", "node_modules"),
    )
    return target


def _describe(entry: polib.POEntry) -> str:
    where = ", ".join(sorted({path for path, _line in entry.occurrences})[:2])
    return f"{entry.msgid!r} ({where})"


@pytest.fixture(scope="module")
def refreshed_catalogues(tmp_path_factory) -> dict[str, dict[str, polib.POFile]]:
    """Each catalogue after makemessages, as it would be if someone ran `make messages` now."""
    workdir = tmp_path_factory.mktemp("catalogues")
    result: dict[str, dict[str, polib.POFile]] = {}
    cwd = os.getcwd()
    try:
        for name in CATALOGUE_ROOTS:
            copy = _copy_sources(name, workdir)
            (copy / "locale").mkdir(exist_ok=True)
            os.chdir(copy)
            # No LOCALE_PATHS: makemessages must write into the copy, never into site/locale.
            with override_settings(LOCALE_PATHS=[]):
                call_command(
                    "makemessages",
                    locale=LANGUAGES,
                    no_obsolete=True,
                    verbosity=0,
                    ignore_patterns=[
                        ".venv",
                        *(p.removeprefix(f"{name}/") for p in SUB_APPS if p.startswith(name + "/")),
                    ],
                )
            result[name] = {
                language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES/django.po"))
                for language in LANGUAGES
            }
    finally:
        os.chdir(cwd)
    return result


@pytest.mark.parametrize("name", CATALOGUE_ROOTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(refreshed_catalogues, name: str, language: str):
    catalogue = refreshed_catalogues[name][language]
    untranslated = [_describe(e) for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [_describe(e) for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert not untranslated, (
        f"{name}/locale/{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}. "
        "Run `make messages` and translate them."
    )
    assert not fuzzy, f"{name}/locale/{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("name", CATALOGUE_ROOTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(name: str, language: str):
    """The .mo that Django reads says what the committed .po says (compilemessages was run)."""
    directory = ROOT / name / "locale" / language / "LC_MESSAGES"
    assert (directory / "django.po").exists(), f"{name} has no {language} catalogue: make messages"
    po = polib.pofile(str(directory / "django.po"))
    mo_path = directory / "django.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    mo = polib.mofile(str(mo_path))

    def translations(entries) -> dict:
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in entries
            if e.msgid  # the header
        }

    assert translations(mo) == translations(po.translated_entries()), (
        f"{mo_path} is out of date: run compilemessages"
    )
