"""One stylesheet per page: static files made of others, joined where staticfiles looks.

A public page of this site links a single stylesheet, so a first visit costs the HTML, that
stylesheet and the consent script. The add-ons keep their own stylesheets (a host links them
one by one); here `STATIC_BUNDLES` names what each bundle is made of, in order, and this
finder joins them whenever `runserver`, the test server or `collectstatic` asks for the bundle,
so the bundle is a static file like any other (hashed, minified and compressed by the storage
at collectstatic). A source given as `(path, "print")` is wrapped in `@media print`.

    STATIC_BUNDLES = {"css/site.css": ["css/base.css", "cookies/consent.css", …]}
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


def bundles() -> dict[str, list[tuple[str, str]]]:
    """Each bundle's sources as (path, media); media "" for all media."""
    return {
        name: [(s, "") if isinstance(s, str) else (s[0], s[1]) for s in sources]
        for name, sources in getattr(settings, "STATIC_BUNDLES", {}).items()
    }


def build_folder() -> Path:
    # Per checkout: two projects on one machine never share built files.
    tag = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"static-bundles-{tag}"


class BundleFinder(finders.BaseFinder):
    """Finds the bundles of `STATIC_BUNDLES`, built from what the other finders find."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=build_folder())

    def check(self, **kwargs) -> list:
        errors = []
        for name, sources in bundles().items():
            for path, __ in sources:
                if not self.find_source(path):
                    errors.append(
                        Error(f"STATIC_BUNDLES[{name!r}]: {path!r} is not a static file.")
                    )
        return errors

    def find(self, path: str, find_all: bool = False, **kwargs) -> str | list[str]:
        if path not in bundles():
            return [] if find_all else ""
        built = str(self.build(path))
        return [built] if find_all else built

    def list(self, ignore_patterns):
        for name in bundles():
            self.build(name)
            yield name, self.storage

    @staticmethod
    def find_source(path: str) -> str:
        for finder in finders.get_finders():
            if isinstance(finder, BundleFinder):
                continue
            found = finder.find(path)
            if found:
                return found
        return ""

    def build(self, name: str) -> Path:
        """The bundle on disk, joined again whenever a source has changed."""
        parts = []
        for path, media in bundles()[name]:
            source = self.find_source(path)
            if not source:
                raise FileNotFoundError(f"STATIC_BUNDLES[{name!r}]: no static file {path!r}")
            text = Path(source).read_text(encoding="utf-8").strip()
            header = f"/* {path} */"
            parts.append(
                f"{header}\n@media {media}{{\n{text}\n}}" if media else f"{header}\n{text}"
            )
        content = "\n".join(parts) + "\n"
        target = Path(self.storage.path(name))
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with open(handle, "w", encoding="utf-8") as file:
                file.write(content)
            Path(temporary).replace(target)  # whole or not at all, for a server reading it
        return target
