"""Finds English left on an admin screen: text that is a msgid of Wagtail's or wagtail-localize's
catalogues which the screen's language does not translate.

The msgids come from the catalogues those packages ship (their English .po files); a msgid counts
as untranslated when Django's merged translations (theirs, Seloste's, the project's) return it
unchanged. A screen's text is every text node and every attribute a person reads or hears.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.utils import translation

PACKAGES = ("wagtail", "wagtail_localize")
# Attributes a person reads (tooltips, placeholders) or a screen reader speaks.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
SKIPPED_ELEMENTS = {"script", "style", "noscript"}
# A msgid needs an English word to count: "ID", "URL" or "%(count)s" read the same in Finnish.
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdif]|%[sdif]|\{[^}]*\}")


@functools.cache
def package_msgids(domain: str = "django") -> frozenset[tuple[str | None, str]]:
    """Every (context, msgid) in the English catalogues of Wagtail and wagtail-localize."""
    import importlib

    found = set()
    for package in PACKAGES:
        root = Path(importlib.import_module(package).__file__).parent
        for po_path in root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete or not ENGLISH_WORD.search(entry.msgid):
                    continue
                found.add((entry.msgctxt, entry.msgid))
                if entry.msgid_plural:
                    found.add((entry.msgctxt, entry.msgid_plural))
    return frozenset(found)


@functools.cache
def translated_in_catalogues(language: str) -> frozenset[tuple[str | None, str]]:
    """What some catalogue translates for `language`, even to the same word ("Status" in sv)."""
    import importlib

    from django.conf import settings

    roots = [Path(importlib.import_module(p).__file__).parent for p in PACKAGES]
    roots += [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(importlib.import_module(app).__file__).parent for app in ("notices", "cookies")]
    found = set()
    for root in roots:
        for po_path in root.glob(f"**/locale/{language}/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.translated() and not entry.obsolete:
                    found.add((entry.msgctxt, entry.msgid))
                    if entry.msgid_plural:
                        found.add((entry.msgctxt, entry.msgid_plural))
    return frozenset(found)


@functools.cache
def translated_in_upstream(language: str) -> frozenset[tuple[str | None, str]]:
    """What Wagtail's and wagtail-localize's own catalogues translate for `language`."""
    import importlib

    found = set()
    for package in PACKAGES:
        root = Path(importlib.import_module(package).__file__).parent
        for po_path in root.glob(f"**/locale/{language}/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.translated() and not entry.obsolete:
                    found.add((entry.msgctxt, entry.msgid))
    return frozenset(found)


@functools.cache
def untranslated(language: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """Msgids (python-domain) that `language` leaves in English: exact ones and patterns."""
    exact, patterns = set(), []
    known = translated_in_catalogues(language)
    with translation.override(language):
        for context, msgid in package_msgids("django") - known:
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown != msgid:
                continue
            if PLACEHOLDER.search(msgid):
                parts = PLACEHOLDER.split(msgid)
                if not any(ENGLISH_WORD.search(p) for p in parts):
                    continue
                pattern = r".+?".join(re.escape(_normalise(p)) for p in parts)
                patterns.append(re.compile(pattern.replace(r"\ ", " ")))
            else:
                exact.add(_normalise(msgid))
    return frozenset(exact), tuple(patterns)


def _normalise(text: str) -> str:
    return " ".join(text.split())


class _ReadText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skipping += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.texts.append(value)
            if value and tag == "input" and name == "value":
                kind = dict(attrs).get("type")
                if kind in ("submit", "button", "reset"):
                    self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(data)


def read_texts(html: str) -> list[str]:
    parser = _ReadText()
    parser.feed(html)
    return [_normalise(t) for t in parser.texts if _normalise(t)]


def english_left(texts: list[str], language: str = "fi") -> list[str]:
    """The texts that are an untranslated msgid of Wagtail or wagtail-localize, as found."""
    exact, patterns = untranslated(language)
    found = []
    for text in texts:
        if text in exact or any(p.fullmatch(text) for p in patterns if len(text) < 400):
            found.append(text)
    return sorted(set(found))
