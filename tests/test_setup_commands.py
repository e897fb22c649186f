"""prepare_seloste and uninstall_seloste as a host's developer runs them, and what they leave.

Installing into a host project and `migrate … zero` both ways are in tests/test_addon_install.py;
these check each step's effect and its words.
"""

from io import StringIO

import pytest
from cookie_consent.models import Cookie, CookieGroup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page, PageLogEntry, Revision

from cookies.models import (
    ConsentSettings,
    DeclaredCookieGroup,
    ExternalMediaProvider,
    InstallationRecord,
)
from cookies.setup import install_declarations
from notices.models import PrivacyNoticePage, SupervisoryAuthority
from notices.rights.models import RightsRequestPage
from tests.factories import PrivacyNoticePageFactory, RightsRequestPageFactory

SELOSTE_LABELS = (
    "seloste_cookies",
    "seloste_scanner",
    "seloste_outbox",
    "seloste_notices",
    "seloste_rights",
)


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def forget_installed() -> None:
    """The state of a site right after `migrate`: nothing of what prepare_seloste installs."""
    ExternalMediaProvider.objects.all().delete()
    CookieGroup.objects.filter(declaredcookiegroup__installed_by_seloste=True).delete()
    for record in InstallationRecord.objects.all():
        group = Group.objects.filter(name=record.group_name).first()
        if record.kind == InstallationRecord.Kind.GRANT and group:
            app_label, codename = record.permission.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        elif group:
            group.delete()
    InstallationRecord.objects.all().delete()
    SupervisoryAuthority.objects.all().delete()


@pytest.mark.django_db
def test_prepare_says_what_it_installs_and_a_second_run_changes_nothing():
    forget_installed()
    first = run("prepare_seloste")
    assert "Created cookie group “Välttämättömät” (necessary)" in first
    assert "Created external media provider “YouTube”" in first
    assert "Installed the supervisory authority “Office of the Data Protection Ombudsman”" in first
    assert "Created group “Tietosuoja”." in first
    assert "Granted “Tietosuoja” seloste_rights.view_rightsrequest." in first
    assert "Granted “Editors” seloste_cookies.change_consentsettings." in first
    assert "Granted “Moderators” seloste_cookies.view_consentrecord." in first
    counts = (CookieGroup.objects.count(), Group.objects.count(), Permission.objects.count())

    second = run("prepare_seloste")
    assert "Created" not in second and "Granted" not in second and "Installed" not in second
    assert "Cookie group “Analytiikka” (analytics) is in place." in second
    assert counts == (
        CookieGroup.objects.count(),
        Group.objects.count(),
        Permission.objects.count(),
    )
    assert SupervisoryAuthority.objects.filter(country="FI").count() == 3  # fi, sv, en


@pytest.mark.django_db
def test_prepare_keeps_a_cookie_group_the_site_already_has():
    forget_installed()
    own = CookieGroup.objects.create(varname="analytics", name="Our analytics", description="")
    out = run("prepare_seloste")
    assert "Cookie group “analytics” is the site's own: kept as it is." in out
    own.refresh_from_db()
    assert own.name == "Our analytics"
    assert not DeclaredCookieGroup.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_uninstall_removes_pages_groups_and_grants_it_made_and_keeps_the_sites_own(home_page):
    notice = PrivacyNoticePageFactory(parent=home_page, slug="tietosuojaseloste")
    notice.save_revision().publish()
    form = RightsRequestPageFactory(parent=notice, slug="pyynto")
    form.save_revision().publish()
    page_ids = [notice.pk, form.pk]
    own_group = CookieGroup.objects.create(varname="host_own", name="Host's own", description="")
    Cookie.objects.create(cookiegroup=own_group, name="host_cookie")
    editors = Group.objects.get(name="Editors")
    editors_own = set(editors.permissions.exclude(content_type__app_label__startswith="seloste"))

    out = run("uninstall_seloste", interactive=False)

    assert out.count("Deleted ") >= 3  # the notice, the form, the cookie groups
    assert not Page.objects.filter(pk__in=page_ids).exists()
    assert not Revision.objects.filter(object_id__in=[str(pk) for pk in page_ids]).exists()
    assert not PageLogEntry.objects.filter(page_id__in=page_ids).exists()
    assert not PrivacyNoticePage.objects.exists() and not RightsRequestPage.objects.exists()
    assert list(CookieGroup.objects.values_list("varname", flat=True)) == ["host_own"]
    assert Cookie.objects.filter(name="host_cookie").exists()
    assert not Group.objects.filter(name="Tietosuoja").exists()
    editors.refresh_from_db()
    assert set(editors.permissions.all()) == editors_own
    assert not ContentType.objects.filter(app_label__in=SELOSTE_LABELS).exists()
    assert not Permission.objects.filter(content_type__app_label__in=SELOSTE_LABELS).exists()
    ContentType.objects.clear_cache()


@pytest.mark.django_db
def test_uninstall_keeps_a_privacy_group_the_site_made_and_takes_back_its_grants():
    forget_installed()
    own = Group.objects.create(name="Tietosuoja")
    moderator_permission = Permission.objects.get(codename="access_admin")
    own.permissions.add(moderator_permission)
    out = run("prepare_seloste")
    assert "Created group “Tietosuoja”." not in out
    assert "Granted “Tietosuoja” seloste_rights.view_rightsrequest." in out
    # The site had given access_admin itself: prepare granted it nothing, so keeps it.
    assert "Granted “Tietosuoja” wagtailadmin.access_admin." not in out
    run("uninstall_seloste", interactive=False)
    own.refresh_from_db()
    assert list(own.permissions.all()) == [moderator_permission]
    ContentType.objects.clear_cache()


LANGUAGES_EN_DE = {
    "LANGUAGE_CODE": "en",
    "LANGUAGES": [("en", "English"), ("de", "Deutsch")],
    "WAGTAIL_CONTENT_LANGUAGES": [("en", "English"), ("de", "Deutsch")],
}


@pytest.mark.django_db
def test_a_site_in_english_and_german_gets_english_defaults_and_german_where_written():
    forget_installed()
    with override_settings(**LANGUAGES_EN_DE):
        install_declarations(lambda line: None)
        analytics = DeclaredCookieGroup.objects.get(varname="analytics")
        assert analytics.name == "Analytics"
        with translation.override("de"):
            # No German text yet: the site's default language, never Finnish.
            assert analytics.localized_name() == "Analytics"
        analytics.translations = {"de": {"name": "Statistik"}}
        with translation.override("de"):
            assert analytics.localized_name() == "Statistik"
        with translation.override("en"):
            assert analytics.localized_name() == "Analytics"


@pytest.mark.django_db
def test_the_cookie_group_form_has_a_field_per_content_language(admin_client):
    group = DeclaredCookieGroup.objects.get(varname="analytics")
    html = admin_client.get(f"/admin/cookie_groups/edit/{group.pk}/").content.decode()
    for name in ("name", "name_sv", "name_en", "description_sv", "description_en"):
        assert f'name="{name}"' in html
    data = {
        "varname": group.varname,
        "name": group.name,
        "name_sv": "Statistik",
        "name_en": "Statistics",
        "description": group.description,
        "description_sv": "",
        "description_en": "How the site is used.",
        "ordering": group.ordering,
    }
    response = admin_client.post(f"/admin/cookie_groups/edit/{group.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    group.refresh_from_db()
    assert group.translations == {
        "sv": {"name": "Statistik"},
        "en": {"name": "Statistics", "description": "How the site is used."},
    }
    with translation.override("sv"):
        assert group.localized_name() == "Statistik"
        assert group.localized_description() == group.description  # Finnish: the default


@pytest.mark.django_db
def test_banner_text_per_language_falls_back_to_the_standard_text(client, home_page):
    setting = ConsentSettings.for_site(home_page.get_site())
    setting.translations = {"en": {"banner_text": "We count visits, if you let us."}}
    setting.save()
    assert "We count visits, if you let us." in client.get("/en/").content.decode()
    finnish = client.get("/fi/").content.decode()
    assert "We count visits" not in finnish
    assert "analytiikkaevästeitä" in finnish.lower() or "evästeitä" in finnish
