"""Unpublished cookie declarations: proposed by a cookie scan, invisible until an editor
publishes them, and asking visitors again only then."""

import pytest
from cookie_consent.models import CookieGroup
from django.core.cache import cache
from django.test import Client

from cookies.declarations import (
    create_draft_declaration,
    declared_cookie_groups,
    declared_lifetime_seconds,
    duration_from_seconds,
)
from cookies.models import DeclaredCookie

DAY = 24 * 60 * 60


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def declared_names() -> set[str]:
    return {cookie.name for group in declared_cookie_groups() for cookie in group.cookies}


@pytest.mark.django_db
def test_a_draft_is_hidden_from_visitors_until_published(home_page):
    group = CookieGroup.objects.get(varname="analytics")
    version = group.get_version()
    settings_page = Client().get("/fi/evasteasetukset/").content.decode()

    draft = create_draft_declaration(group, "_gcl_au", lifetime_seconds=90 * DAY)

    assert not draft.live
    assert (draft.duration_value, draft.duration_unit) == (3, "months")
    assert "_gcl_au" not in declared_names()
    assert Client().get("/fi/evasteasetukset/").content.decode() == settings_page
    # Visitors who accepted analytics are not asked again for a cookie nobody has declared yet.
    assert CookieGroup.objects.get(varname="analytics").get_version() == version

    draft = DeclaredCookie.objects.get(pk=draft.pk)
    draft.description = "Mainonnan tehon mittaus."
    draft.live = True
    draft.save()

    assert "_gcl_au" in declared_names()
    assert "_gcl_au" in Client().get("/fi/evasteasetukset/").content.decode()
    assert CookieGroup.objects.get(varname="analytics").get_version() > version


@pytest.mark.django_db
def test_an_editor_publishes_a_draft_in_the_admin(client):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("editor", "e@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    group = CookieGroup.objects.get(varname="analytics")
    draft = create_draft_declaration(group, "_gcl_au", lifetime_seconds=90 * DAY)
    listing = client.get("/admin/declared_cookies/?live=false").content.decode()
    assert "_gcl_au" in listing
    response = client.post(
        f"/admin/declared_cookies/edit/{draft.pk}/",
        {
            "live": "on",
            "cookiegroup": group.pk,
            "storage": "cookie",
            "name": "_gcl_au",
            "provider": "Google Ireland Limited",
            "description": "Mainonnan tehon mittaus.",
            "duration_value": "3",
            "duration_unit": "months",
            "domain": "",
            "path": "/",
        },
    )
    assert response.status_code == 302
    assert DeclaredCookie.objects.get(pk=draft.pk).live
    assert "_gcl_au" in declared_names()


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, (None, "session")),
        (30, (1, "minutes")),
        (14 * DAY, (14, "days")),
        (364 * DAY, (1, "years")),  # Django's CSRF cookie: 52 weeks
        (400 * DAY, (13, "months")),  # Chromium's cap, not "2 years"
        (730 * DAY, (2, "years")),
    ],
)
def test_a_draft_duration_never_states_less_than_the_real_lifetime(seconds, expected):
    value, unit = duration_from_seconds(seconds)
    assert (value, unit) == expected
    if seconds:
        declared = DeclaredCookie(duration_value=value, duration_unit=unit)
        assert seconds <= declared_lifetime_seconds(declared) <= seconds * 1.1 + 60
