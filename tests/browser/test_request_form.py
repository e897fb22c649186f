"""The demo's request form in real Chromium: errors a person can find and fix, axe-clean, and a
request that ends up in the database with its deadline and its mail."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.browser.conftest import axe_serious_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORM_URL = "/fi/tietosuojaseloste/pyynto/"


@pytest.fixture
def demo_loaded(demo_site):
    """The demo, on top of the migrated rows that earlier browser tests' flushes removed."""


def fi(text: str) -> str:
    """The Finnish a visitor sees for a msgid, whatever the catalogue says today."""
    with translation.override("fi"):
        return gettext(text)


def run_worker() -> None:
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


def assert_axe_clean(page) -> None:
    violations = axe_serious_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_a_person_sends_a_request_through_the_demo_form(demo_loaded, page):
    from notices.outbox.models import OutboxMessage
    from notices.rights.deadlines import add_months
    from notices.rights.models import RightsRequest

    page.goto(FORM_URL)
    assert page.locator("h1").count() == 1
    assert_axe_clean(page)

    # The honeypot is neither seen, nor announced, nor reachable with Tab, with or without CSS.
    assert page.locator(".hp-field").get_attribute("hidden") is not None
    assert not page.locator("#id_website").is_visible()
    for _ in range(25):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") != "id_website"

    # Sending the empty form: a summary that takes focus and links to each field.
    page.get_by_role("button", name=fi("Send request")).click()
    page.wait_for_url("**" + FORM_URL)
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_by_role("link").count() == 4
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert "id_name_error" in page.locator("#id_name").get_attribute("aria-describedby")
    summary.get_by_role("link", name=fi("Enter your name.")).click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert_axe_clean(page)

    # Typed as a person would: a label to click, keys to press.
    page.keyboard.type("Maija Meikäläinen")
    page.get_by_label(fi("Email address")).fill("maija@example.com")
    page.get_by_label(fi("Your request")).fill(
        "Pyydän jäljennöstä kaikista minua koskevista tiedoista."
    )
    page.get_by_label(fi("Access to my data (Art. 15)")).check()
    # No consent to tick: the form says why the law lets us handle the request, and links on.
    assert page.get_by_role("checkbox").count() == 0
    processing = page.locator("#request-processing")
    assert processing.get_by_role("heading", name=fi("How we use these details")).is_visible()
    assert processing.get_by_role("link", name=fi("More in the privacy notice")).is_visible()
    page.get_by_role("button", name=fi("Send request")).click()
    page.wait_for_url("**/pyynto/sent/")
    assert page.locator("h1").inner_text() == fi("Check your email")
    assert_axe_clean(page)

    rights_request = RightsRequest.objects.get()
    assert rights_request.name == "Maija Meikäläinen"
    assert rights_request.deadline == add_months(timezone.localdate(), 1)
    assert rights_request.routed_to_email == "tietosuoja@revontuli.example"
    assert OutboxMessage.objects.count() == 2

    run_worker()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["maija@example.com", "tietosuoja@revontuli.example"]
