"""The README and docs/ name commands, make targets and files; each must exist.

A reader copies `python manage.py check_notices --page 4` or follows a link to another page:
a renamed command, a dropped option or a moved page must fail here, not in their terminal.
No database: the commands are looked up, never run.
"""

import re
import unicodedata
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE_RE = re.compile(r"`([^`\n]+)`")
# `manage.py <command>` with whatever comes before it (python, .venv/bin/python, a path).
COMMAND_RE = re.compile(r"manage\.py[ \t]+([a-z_][a-z0-9_]*)(?![\w.-])([^\n`#;&|]*)")
# An inline span that starts with a command's bare name: `purge_requests --months N`.
BARE_COMMAND_RE = re.compile(r"^([a-z_][a-z0-9_]*)((?:[ \t]+\S+)*)$")
OPTION_RE = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*)")
MAKE_RE = re.compile(r"(?<![\w./-])make[ \t]+([A-Za-z][\w-]*)")
LINK_RE = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING_RE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# Commands that take an app label first.
LABEL_COMMANDS = {"migrate", "makemigrations", "sqlmigrate", "showmigrations"}


def doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def code_of(text: str) -> str:
    """The fenced blocks and inline code spans of a Markdown text, one per line."""
    parts = [match.group(0) for match in FENCE_RE.finditer(text)]
    parts += INLINE_CODE_RE.findall(FENCE_RE.sub("", text))
    return "\n".join(parts)


def named_commands(text: str) -> list[tuple[str, list[str], str]]:
    """(command, its --options, the first word after it) for every `manage.py <command>`."""
    found = []
    for match in COMMAND_RE.finditer(text):
        words = match.group(2).split()
        found.append((match.group(1), OPTION_RE.findall(match.group(2)), words[0] if words else ""))
    return found


def bare_commands(text: str, commands: dict[str, str]) -> list[tuple[str, list[str], str]]:
    """Inline spans such as `purge_requests --months N`: a known command with options."""
    found = []
    for span in INLINE_CODE_RE.findall(FENCE_RE.sub("", text)):
        match = BARE_COMMAND_RE.match(span.strip())
        if match and match.group(1) in commands and OPTION_RE.search(match.group(2)):
            found.append((match.group(1), OPTION_RE.findall(match.group(2)), ""))
    return found


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return {
        target
        for line in re.findall(r"^([\w.\- ]+):(?!=)", text, re.MULTILINE)
        for target in line.split()
    }


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|__|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in {"L", "N"})
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for heading in HEADING_RE.findall(FENCE_RE.sub("", path.read_text())):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def relative_links(text: str) -> list[str]:
    return [
        target
        for target in LINK_RE.findall(FENCE_RE.sub("", text))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)
    ]


def test_the_docs_exist():
    names = {path.name for path in DOCS}
    assert {"README.md", "editors.md", "privacy-staff.md", "operators.md", "developers.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_named_manage_py_commands_and_options_exist(doc):
    commands = get_commands()
    problems = []
    text = doc.read_text()
    for name, options, _first in named_commands(text) + bare_commands(text, commands):
        if name not in commands:
            problems.append(f"manage.py {name}: no such command")
            continue
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        known = {flag for action in parser._actions for flag in action.option_strings}
        problems += [
            f"manage.py {name} {option}: no such option"
            for option in options
            if option not in known
        ]
    assert not problems, f"{doc_id(doc)} names what does not exist:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_named_app_labels_are_installed(doc):
    labels = {config.label for config in apps.get_app_configs()}
    missing = [
        f"manage.py {name} {first}"
        for name, _options, first in named_commands(doc.read_text())
        if name in LABEL_COMMANDS and re.fullmatch(r"[a-z_]+", first) and first not in labels
    ]
    assert not missing, f"{doc_id(doc)} names app labels that are not installed: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_named_make_targets_exist(doc):
    targets = makefile_targets()
    missing = sorted(
        {f"make {t}" for t in MAKE_RE.findall(code_of(doc.read_text())) if t not in targets}
    )
    assert not missing, f"{doc_id(doc)} names make targets the Makefile lacks: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_relative_links_point_to_files_and_headings_that_exist(doc):
    broken = []
    for target in relative_links(doc.read_text()):
        path_part, _, anchor = target.partition("#")
        path = (doc.parent / path_part).resolve() if path_part else doc
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.name}")
    assert not broken, f"{doc_id(doc)} has broken links:\n" + "\n".join(broken)


def test_the_checks_see_what_they_must():
    """The collectors find commands, options, targets and links as a reader writes them."""
    text = (
        "```sh\ncd /srv && .venv/bin/python manage.py check --deploy && make lint\n```\n"
        "Run `python manage.py purge_requests --months 6` daily. See [ops](docs/operators.md#cron)."
    )
    assert named_commands(text) == [
        ("check", ["--deploy"], "--deploy"),
        ("purge_requests", ["--months"], "--months"),
    ]
    assert bare_commands("Add `check_notices --page 4`, not `--page`.", get_commands()) == [
        ("check_notices", ["--page"], "")
    ]
    assert MAKE_RE.findall(code_of(text)) == ["lint"]
    assert relative_links(text) == ["docs/operators.md#cron"]
    assert slug("Adding Seloste to an existing Wagtail site") == (
        "adding-seloste-to-an-existing-wagtail-site"
    )
    assert slug("Trying it on one machine: `make serve`") == "trying-it-on-one-machine-make-serve"
