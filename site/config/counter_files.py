"""The publish counters of a server without Redis: one small file per counter in a folder that
every process of the server (gunicorn's workers, the task worker, a command) shares.

A page-cache hit reads two counters, so reading must cost next to nothing: each counter is its
number as text, read with one open and read (Django's FileBasedCache unpickles an expiry and a
compressed value per key, several times the cost). Writes are atomic for readers (a new file put
in place by rename); a bump takes a lock so two bumps at once both count.
"""

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class CounterFileCache(BaseCache):
    """A cache backend for integer counters only (cookies.counters.CacheCounter); they never
    expire, whatever timeout is asked for."""

    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)
        self.folder = Path(location)
        # The few counters' file names, worked out once per process.
        self._paths: dict[tuple, Path] = {}

    def _path(self, key, version=None) -> Path:
        path = self._paths.get((key, version))
        if path is None:
            name = self.make_and_validate_key(key, version=version)
            digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
            path = self._paths[(key, version)] = self.folder / digest
        return path

    def _read(self, path: Path):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            return int(os.read(fd, 32))
        except ValueError:
            return None
        finally:
            os.close(fd)

    def _write(self, path: Path, value: int, replace: bool = True) -> bool:
        if type(value) is not int:
            raise TypeError("CounterFileCache holds integers only")
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(str(value).encode())
            if replace:
                os.replace(temporary, path)
                return True
            try:
                os.link(temporary, path)  # fails if it exists: an atomic "add"
                return True
            except FileExistsError:
                return False
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def get(self, key, default=None, version=None):
        value = self._read(self._path(key, version))
        return default if value is None else value

    def get_many(self, keys, version=None):
        found = {}
        for key in keys:
            value = self._read(self._path(key, version))
            if value is not None:
                found[key] = value
        return found

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._write(self._path(key, version), value, replace=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._write(self._path(key, version), value)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.has_key(key, version)

    def has_key(self, key, version=None):
        return self._path(key, version).exists()

    def incr(self, key, delta=1, version=None):
        path = self._path(key, version)
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                value = self._read(path)
                if value is None:
                    raise ValueError(f"Key '{key}' not found")
                self._write(path, value + delta)
                return value + delta
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def delete(self, key, version=None):
        try:
            self._path(key, version).unlink()
            return True
        except FileNotFoundError:
            return False

    def clear(self):
        for path in self.folder.glob("*"):
            path.unlink(missing_ok=True)
