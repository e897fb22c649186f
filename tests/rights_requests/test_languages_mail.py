"""A rights request's mails speak the language of the page the requester used."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from notices.rights.models import RightsRequest


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", verbosity=0)


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


# The form's mails go out in the language of the page the request was made on.
MAILS = {
    "sv": (
        "/sv/dataskyddsbeskrivning/begaran/",
        "Bekräfta din begäran om dataskydd",
        "Tillgång till mina uppgifter (artikel 15)",
        "Ny begäran om dataskydd",
    ),
    "en": (
        "/en/privacy-notice/request/",
        "Confirm your privacy request",
        "Access to my data (Art. 15)",
        "New privacy request",
    ),
    "fi": (
        "/fi/tietosuojaseloste/pyynto/",
        "Vahvista tietosuojapyyntösi",
        "Pääsy tietoihini (15 artikla)",
        "Uusi tietosuojapyyntö",
    ),
}


@pytest.mark.parametrize("language", ["sv", "en", "fi"])
def test_request_mails_speak_the_requesters_language(demo, client, run_worker, language):
    url, subject, request_type, staff_subject = MAILS[language]
    page = client.get(url)
    assert page.status_code == 200
    assert html_lang(page.content.decode()) == language

    response = client.post(
        url,
        {
            "request_type": "access",
            "name": "Kim Andersson",
            "email": f"{language}@example.com",
            "phone": "",
            "message": "Vilka uppgifter har ni om mig?",
            "website": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(url)
    rights_request = RightsRequest.objects.get()
    assert rights_request.language == language
    assert rights_request.routed_to_email == "tietosuoja@revontuli.example"

    run_worker()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    to_requester = by_recipient[f"{language}@example.com"]
    assert to_requester.subject == subject
    assert request_type in to_requester.body
    # The confirmation link leads back to the form in the same language.
    assert f"http://testserver{url}" in to_requester.body
    assert by_recipient["tietosuoja@revontuli.example"].subject.startswith(staff_subject)
