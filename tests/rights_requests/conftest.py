"""Fixtures for the rights-request tests: a quick Finnish notice and the task worker."""

import json
import signal

import pytest
from django.core.management import call_command


@pytest.fixture
def fi_notice(home_page) -> dict:
    """The demo's Finnish notice and form without its translations: quicker than `demo`."""
    from wagtail.models import Locale

    from home import demo as demo_content
    from notices.models import ContactPerson, Organisation
    from tests.factories import (
        PrivacyNoticePageFactory,
        RightsRequestPageFactory,
        complete_body,
    )

    organisation = Organisation.objects.create(**demo_content.ORGANISATION)
    person = ContactPerson.objects.create(
        locale=Locale.get_default(), **demo_content.CONTACT_PERSON
    )
    notice = PrivacyNoticePageFactory(
        parent=home_page,
        title=demo_content.NOTICE_TITLE,
        slug="tietosuojaseloste",
        body=json.dumps(complete_body(organisation, person)),
    )
    notice.save_revision().publish()
    request_page = RightsRequestPageFactory(parent=notice, slug="pyynto")
    request_page.save_revision().publish()
    notice.refresh_from_db()
    return {"notice": notice, "request_page": request_page}


@pytest.fixture
def run_worker(monkeypatch):
    """Run django-tasks-db's own `db_worker --batch` until nothing is ready.

    The worker checks connection health between tasks; pytest-django wraps each test in a
    transaction that such a check would close, so only that call is neutralised.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        saved = {s: signal.getsignal(s) for s in signals}
        try:
            call_command(
                "db_worker",
                "--backend=seloste",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--interval=0",
                verbosity=0,
            )
        finally:
            for s, handler in saved.items():
                signal.signal(s, handler)

    return run


class SharedDatabase:
    """The test database as other threads and processes see it, for tests of what happens when
    several submissions or workers run at once (the test must be transactional, so that what
    one connection writes is committed and visible to the others).

    PostgreSQL's test database is a real server that every connection shares. SQLite's test
    database lives in memory, where connections share one cache and lock whole tables instead
    of taking SQLite's real file locks; `start()` copies it to a file, and the threads started
    by `run()` and the processes given `url` use that file, with SQLite's own locking.
    """

    def __init__(self, directory) -> None:
        from django.db import connection

        self.vendor = connection.vendor
        self.path = directory / "shared.sqlite3"
        self.started = False

    @property
    def url(self) -> str:
        from django.db import connection

        settings = connection.settings_dict
        if self.vendor == "sqlite":
            return f"sqlite:///{self.path}"
        return (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )

    def start(self) -> "SharedDatabase":
        """Everything committed so far becomes visible to threads and processes."""
        if self.vendor == "sqlite":
            import sqlite3

            from django.db import connection

            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
        self.started = True
        return self

    def _connect_this_thread(self) -> None:
        from django.db import connections

        if self.vendor == "sqlite":
            own = connections["default"]
            own.settings_dict = {
                **own.settings_dict,
                "NAME": str(self.path),
                # As production's SQLite settings: wait for the write lock instead of failing.
                "OPTIONS": {**own.settings_dict.get("OPTIONS", {}), "timeout": 20},
            }

    def run(self, function, *args):
        """`function(*args)` in a thread with its own connection; its result or its error."""
        return self.run_at_once(lambda _n: function(*args), 1)[0]

    def run_at_once(self, function, count: int) -> list:
        """`function(n)` for n in range(count), each in its own thread, all released at the
        same moment; the results in order (an exception is raised again here)."""
        import threading

        from django.db import connections

        assert self.started, "call start() first"
        barrier = threading.Barrier(count)
        results: list = [None] * count
        errors: list = [None] * count

        def thread_main(number: int) -> None:
            try:
                self._connect_this_thread()
                barrier.wait(timeout=60)
                results[number] = function(number)
            except BaseException as error:  # noqa: BLE001 - raised again in the test's thread
                errors[number] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=thread_main, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=240)
        for error in errors:
            if error is not None:
                raise error
        return results


@pytest.fixture
def shared_database(transactional_db, tmp_path) -> SharedDatabase:
    return SharedDatabase(tmp_path)
