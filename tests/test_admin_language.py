"""The admin speaks the editor's language on the screens editors and privacy staff use.

Each screen is rendered as a Finnish-speaking (and a Swedish-speaking) editor sees it; any text
on it that is an English msgid of Wagtail's or wagtail-localize's catalogues, left untranslated,
fails the test with the texts found. Screens drawn by JavaScript (the translation editor, the
autosave indicator) are checked in Chromium by tests/browser/test_admin_language_browser.py.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail.models import Page
from wagtail.users.models import UserProfile

from notices.models import (
    ContactPerson,
    Organisation,
    PrivacyNoticePage,
    SupervisoryAuthority,
)
from notices.rights.models import RightsRequest
from tests.admin_language import english_left, read_texts


@pytest.fixture
def editor_client(demo, client):
    """A superuser whose admin language is set in their profile, as an editor would set it."""

    def signed_in(language: str):
        user = get_user_model().objects.create_superuser(
            f"editor-{language}", f"editor-{language}@example.com", "pw"
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return signed_in


def a_request() -> RightsRequest:
    from notices.rights.flow import submit_request

    notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    request_page = notice.rights_request_page
    rights_request, __ = submit_request(
        request_page,
        {
            "request_type": "access",
            "name": "Maija Meikäläinen",
            "email": "maija@example.com",
            "phone": "",
            "message": "Mitä tietoja minusta on?",
            "consent": True,
        },
        language="fi",
        client_key="admin-language-test",
        confirm_url_for=lambda token: f"http://testserver/confirm/{token}/",
    )
    return rights_request


def screens() -> list[tuple[str, str]]:
    """(what, address) of every screen editors and privacy staff use, for the demo."""
    fi_notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    sv_notice = PrivacyNoticePage.objects.get(locale__language_code="sv")
    person = ContactPerson.objects.get(locale__language_code="fi")
    sv_person = ContactPerson.objects.get(locale__language_code="sv")
    authority = SupervisoryAuthority.objects.get(locale__language_code="fi")
    organisation = Organisation.objects.get()
    home = fi_notice.get_parent()
    rights_request = a_request()
    snippets = "/admin/snippets/seloste_notices"
    return [
        ("dashboard", "/admin/"),
        ("page explorer, root", "/admin/pages/"),
        ("page explorer, home", f"/admin/pages/{home.pk}/"),
        ("page explorer, search", "/admin/pages/search/?q=seloste"),
        ("notice editor", f"/admin/pages/{fi_notice.pk}/edit/"),
        ("new notice", f"/admin/pages/add/seloste_notices/privacynoticepage/{home.pk}/"),
        ("notice history", f"/admin/pages/{fi_notice.pk}/history/"),
        ("translation editor", f"/admin/pages/{sv_notice.pk}/edit/"),
        ("contact persons", f"{snippets}/contactperson/"),
        ("contact person", f"{snippets}/contactperson/edit/{person.pk}/"),
        ("contact person, Swedish", f"{snippets}/contactperson/edit/{sv_person.pk}/"),
        ("new contact person", f"{snippets}/contactperson/add/"),
        ("authorities", f"{snippets}/supervisoryauthority/"),
        ("authority", f"{snippets}/supervisoryauthority/edit/{authority.pk}/"),
        ("organisations", f"{snippets}/organisation/"),
        ("organisation", f"{snippets}/organisation/edit/{organisation.pk}/"),
        ("inbox", "/admin/rights-requests/"),
        ("request", f"/admin/rights-requests/{rights_request.pk}/"),
        ("translations behind", "/admin/reports/translations-behind/"),
        ("cookie settings", "/admin/settings/seloste_cookies/consentsettings/"),
        ("request settings", "/admin/settings/seloste_rights/rightsrequestsettings/"),
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_editor_screens_have_no_english_left(editor_client, language):
    client = editor_client(language)
    left = {}
    for what, url in screens():
        response = client.get(url, follow=True)
        assert response.status_code == 200, (what, url)
        html = response.content.decode()
        assert re.search(rf'<html lang="{language}"', html), (what, url)
        for text in english_left(read_texts(html), language):
            left.setdefault(text, what)
    assert not left, f"English left in the {language} admin: {left}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_failed_save_is_explained_in_the_editors_language(editor_client, language):
    """A notice that cannot be saved: the message and the form around it."""
    client = editor_client(language)
    notice = PrivacyNoticePage.objects.get(locale__language_code="fi")
    url = f"/admin/pages/add/seloste_notices/privacynoticepage/{notice.get_parent().pk}/"
    # No title: the page cannot be saved, and the editor is told so.
    response = client.post(url, {"title": "", "slug": "", "body-count": "0"})
    html = response.content.decode()
    assert response.status_code == 200
    with translation.override(language):
        message = translation.gettext("The page could not be created due to validation errors.")
    assert message in html
    left = english_left(read_texts(html), language)
    assert not left, left
    response = client.get(f"/admin/pages/{Page.objects.get(pk=notice.pk).get_parent().pk}/")
    assert not english_left(read_texts(response.content.decode()), language)


@pytest.mark.skipif(
    WAGTAIL_VERSION < (8, 0),
    reason="the supplement is Finnish and Swedish for Wagtail 8.0's admin msgids; Wagtail 7.4 "
    "words its scheduled-publishing, lock and select-placeholder strings differently",
)
def test_supplied_translations_are_only_for_what_upstream_lacks():
    """The project's own Finnish and Swedish for Wagtail strings never hide Wagtail's own."""
    from pathlib import Path

    import polib

    import notices
    from tests.admin_language import package_msgids, translated_in_upstream

    ours = polib.pofile(str(Path(notices.__file__).parent / "locale/fi/LC_MESSAGES/django.po"))
    upstream = package_msgids("django")
    supplied = {
        (e.msgctxt, e.msgid)
        for e in ours
        if any(path.endswith("upstream_strings.py") for path, __ in e.occurrences)
    }
    assert supplied <= upstream, f"not Wagtail's strings: {supplied - upstream}"
    assert supplied, "the supplement is empty"
    both = supplied & translated_in_upstream("fi") & translated_in_upstream("sv")
    assert not both, f"Wagtail translates these now; drop them from upstream_strings.py: {both}"
