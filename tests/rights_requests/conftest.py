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
