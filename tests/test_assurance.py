"""check_notices, versions and their public history, effective dates, TILT, the admin surfaces."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import PageLogEntry

from notices.models import NoticeVersion, PrivacyNoticePage

TILT_KEYS = {
    "meta",
    "controller",
    "dataProtectionOfficer",
    "dataDisclosed",
    "thirdCountryTransfers",
    "accessAndDataPortability",
    "sources",
    "rightToInformation",
    "rightToRectificationOrDeletion",
    "rightToDataPortability",
    "rightToWithdrawConsent",
    "rightToComplain",
    "automatedDecisionMaking",
    "changesOfPurpose",
}


def check(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_notices", "--language", "en", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def publish(page: PrivacyNoticePage, **changes) -> PrivacyNoticePage:
    page = PrivacyNoticePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return PrivacyNoticePage.objects.get(pk=page.pk)


def without(page: PrivacyNoticePage, block_type: str) -> list[dict]:
    return [
        {"type": b["type"], "value": b["value"], "id": b["id"]}
        for b in page.body.raw_data
        if b["type"] != block_type
    ]


# -- check_notices ---------------------------------------------------------------------------------


def test_the_demo_notice_passes_check_notices(demo):
    code, output = check()
    assert code == 0, output
    assert "OK" in output and demo["notice"].title in output


@pytest.mark.parametrize(
    ("block_type", "article"),
    [("requirement", "13(2)(e)"), ("complaint", "13(2)(d)"), ("transfers", "13(1)(f)")],
)
def test_removing_a_required_section_fails_with_its_article(demo, block_type, article):
    publish(demo["notice"], body=without(demo["notice"], block_type))
    code, output = check()
    assert code == 1
    assert f"Art. {article}" in output


def test_page_option_checks_the_latest_draft(demo):
    notice = demo["notice"]
    notice.body = without(notice, "rights")
    notice.save_revision()  # a draft only; the live notice is still complete
    assert check()[0] == 0
    code, output = check("--page", str(notice.pk))
    assert code == 1 and "Art. 13(2)(b)" in output


def test_check_notices_rejects_an_unknown_page(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("check_notices", "--page", "999999")


# -- versions --------------------------------------------------------------------------------------


def test_every_publish_is_a_version_with_its_summary(demo, client):
    notice = demo["notice"]
    first = NoticeVersion.objects.get(page=notice)
    publish(notice, intro="Uusi johdanto.", change_summary="Lisäsimme uutiskirjeen.")
    versions = list(NoticeVersion.objects.filter(page=notice))
    assert len(versions) == 2
    assert versions[0].change_summary == "Lisäsimme uutiskirjeen."
    # The summary belongs to that publish only.
    assert PrivacyNoticePage.objects.get(pk=notice.pk).change_summary == ""

    response = client.get("/fi/tietosuojaseloste/versiot/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lisäsimme uutiskirjeen." in content
    assert f"/fi/tietosuojaseloste/versiot/{first.pk}/" in content

    old = client.get(f"/fi/tietosuojaseloste/versiot/{first.pk}/")
    assert old.status_code == 200
    assert "Uusi johdanto." not in old.content.decode()
    assert 'name="robots" content="noindex"' in old.content.decode()
    assert "Uusi johdanto." in client.get("/fi/tietosuojaseloste/").content.decode()


def test_a_version_of_another_notice_is_not_found(demo, client, home_page):
    from tests.factories import PrivacyNoticePageFactory

    other = PrivacyNoticePageFactory(parent=home_page, slug="toinen")
    other.save_revision().publish()
    version = NoticeVersion.objects.get(page=other)
    assert client.get(f"/fi/tietosuojaseloste/versiot/{version.pk}/").status_code == 404


def test_material_change_asks_visitors_for_consent_again(demo):
    from cookies.consent import current_policy

    before, _revision = current_policy()
    publish(demo["notice"], change_summary="Uusi analytiikkapalvelu.")
    assert current_policy()[0] == before  # an ordinary change does not

    notice = publish(demo["notice"], material_change=True, change_summary="Uusi vastaanottaja.")
    version, revision_id = current_policy()
    assert version != before
    assert revision_id == notice.live_revision_id
    assert NoticeVersion.objects.filter(page=notice).first().material_change
    assert not notice.material_change  # the next publish starts clean


def test_edit_form_starts_with_an_empty_summary_after_publishing(demo, admin_client):
    publish(demo["notice"], change_summary="Edellinen muutos.")
    response = admin_client.get(f"/admin/pages/{demo['notice'].pk}/edit/")
    form = response.context["form"]
    assert form.initial["change_summary"] == ""
    assert form.initial["material_change"] is False


def test_scheduled_version_announces_its_date_and_the_current_one_stays(demo, client):
    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    takes_effect = timezone.now() + timedelta(days=14)
    notice.intro = "Tuleva johdanto."
    notice.change_summary = "Säilytysajat lyhenevät."
    notice.go_live_at = takes_effect
    notice.save_revision().publish()

    content = client.get("/fi/tietosuojaseloste/").content.decode()
    assert "Tuleva johdanto." not in content
    assert "Säilytysajat lyhenevät." in content
    assert takes_effect.astimezone(timezone.get_current_timezone()).strftime("%-d.%-m.%Y") in (
        content
    )
    assert NoticeVersion.objects.filter(page=notice).count() == 1


# -- TILT ------------------------------------------------------------------------------------------


def test_tilt_export_has_the_schema_sections(demo, client):
    response = client.get("/fi/tietosuojaseloste/tilt/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert set(document) == TILT_KEYS
    assert document["controller"]["name"] == "Revontuli Ohjelmistot Oy"
    assert document["dataProtectionOfficer"]["designated"] is False
    references = {b["reference"] for b in document["dataDisclosed"][0]["legalBases"]}
    assert references == {"GDPR-6-1-a", "GDPR-6-1-b", "GDPR-6-1-c", "GDPR-6-1-f"}
    assert document["dataDisclosed"][0]["legitimateInterests"][0]["exists"] is True
    assert {t["country"] for t in document["thirdCountryTransfers"]} == {"Yhdysvallat"}
    assert document["thirdCountryTransfers"][0]["adequacyDecision"]["available"] is True
    assert document["rightToDataPortability"]["available"] is True
    assert document["rightToWithdrawConsent"]["available"] is True
    assert document["automatedDecisionMaking"]["inUse"] is False
    assert any(s["sources"][0]["publiclyAvailable"] is False for s in document["sources"])
    assert document["meta"]["language"] == "fi" and len(document["meta"]["_hash"]) == 64


def test_tilt_in_the_api(demo, client):
    response = client.get(
        "/api/v2/pages/", {"type": "seloste_notices.PrivacyNoticePage", "fields": "tilt"}
    )
    items = response.json()["items"]
    notice = next(i for i in items if i["id"] == demo["notice"].pk)
    assert set(notice["tilt"]) == TILT_KEYS


def test_tilt_names_a_scheduled_change_of_the_notice(demo, client):
    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    notice.change_summary = "Uusi käyttötarkoitus."
    notice.go_live_at = timezone.now() + timedelta(days=30)
    notice.save_revision().publish()
    document = client.get("/fi/tietosuojaseloste/tilt/").json()
    assert document["changesOfPurpose"][0]["description"] == "Uusi käyttötarkoitus."


# -- admin surfaces --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_editor_panel_names_missing_articles(demo, admin_client):
    notice = demo["notice"]
    notice.body = without(notice, "requirement")
    notice.save_revision()
    with translation.override("en"):
        response = admin_client.get(f"/admin/pages/{notice.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "data-notice-completeness" in content
    assert "13(2)(e)" in content


def test_publishing_an_incomplete_notice_asks_first(demo, admin_client):
    from wagtail import hooks

    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    notice.body = without(notice, "complaint")
    notice.save_revision()
    request = admin_client.get("/admin/").wsgi_request
    with translation.override("en"):
        responses = [hook(request, notice) for hook in hooks.get_hooks("before_publish_page")]
        response = next(r for r in responses if r is not None)
        content = response.render().content.decode()
    # The finding in words, before anything goes live.
    assert "Complaint to the authority" in content and "13(2)(d)" in content
    assert "Publish anyway" in content


def test_dashboard_lists_incomplete_notices(demo, admin_client):
    publish(demo["notice"], body=without(demo["notice"], "complaint"))
    content = admin_client.get("/admin/").content.decode()
    assert "incomplete-notices" in content
    assert demo["notice"].title in content
    assert "13(2)(d)" in content


# -- review reminder -------------------------------------------------------------------------------


def test_review_reminder_mails_the_owner_once(demo, django_user_model):
    from notices.outbox.mail import deliver_pending

    owner = django_user_model.objects.create_user("omistaja", "omistaja@example.com", "pw")
    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    long_ago = timezone.now() - timedelta(days=400)
    PrivacyNoticePage.objects.filter(pk=notice.pk).update(
        owner=owner, last_published_at=long_ago, last_reviewed=None
    )
    call_command("remind_notice_reviews", stdout=io.StringIO())
    call_command("remind_notice_reviews", stdout=io.StringIO())  # cron runs it again
    deliver_pending()
    assert [m.to for m in mail.outbox] == [["omistaja@example.com"]]
    assert notice.title in mail.outbox[0].subject
    assert PageLogEntry.objects.filter(page=notice, action="notices.review_reminder").count() == 1


def test_no_reminder_for_a_recently_reviewed_notice(demo):
    from notices.outbox.mail import deliver_pending

    PrivacyNoticePage.objects.filter(pk=demo["notice"].pk).update(
        last_published_at=timezone.now() - timedelta(days=400),
        last_reviewed=timezone.localdate() - timedelta(days=20),
    )
    call_command("remind_notice_reviews", stdout=io.StringIO())
    deliver_pending()
    assert mail.outbox == []


def test_publishing_through_the_editor_confirms_then_publishes(admin_client, home_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from tests.factories import PrivacyNoticePageFactory

    page = PrivacyNoticePageFactory(parent=home_page, title="Keskeneräinen", slug="kesken")
    data = nested_form_data(
        {
            "title": "Keskeneräinen",
            "slug": "kesken",
            "intro": "",
            "body": streamfield(
                [("register_name", {"heading": "", "name": "Asiakasrekisteri", "description": ""})]
            ),
            "change_summary": "Ensimmäinen versio.",
            "last_reviewed": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    with translation.override("en"):
        response = admin_client.post(
            f"/admin/pages/{page.pk}/edit/", data, HTTP_ACCEPT_LANGUAGE="en"
        )
    content = response.content.decode()
    page = PrivacyNoticePage.objects.get(pk=page.pk)
    # Not live yet: the findings are shown in words, and the edits are kept as a draft.
    assert page.has_unpublished_changes and page.live_revision_id != page.latest_revision_id
    assert (
        "Add a &#x27;Controller&#x27; section" in content or "Add a 'Controller' section" in content
    )
    assert "statutory or contractual requirement" in content
    revision = page.latest_revision
    assert f"/admin/notices/{page.pk}/publish/{revision.pk}/" in content
    # The editor may still publish.
    response = admin_client.post(f"/admin/notices/{page.pk}/publish/{revision.pk}/", follow=True)
    page = PrivacyNoticePage.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id == revision.pk
    assert NoticeVersion.objects.get(page=page).change_summary == "Ensimmäinen versio."


def test_a_complete_notice_publishes_without_asking(demo, admin_client):
    from wagtail import hooks

    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    request = admin_client.get("/admin/").wsgi_request
    assert all(hook(request, notice) is None for hook in hooks.get_hooks("before_publish_page"))


def test_publishing_anyway_needs_publish_permission_and_the_shown_revision(
    demo, client, admin_client, django_user_model
):
    notice = PrivacyNoticePage.objects.get(pk=demo["notice"].pk)
    notice.body = without(notice, "complaint")
    revision = notice.save_revision()
    url = f"/admin/notices/{notice.pk}/publish/{revision.pk}/"
    user = django_user_model.objects.create_user("lukija2", "l2@example.com", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    client.post(url)
    assert PrivacyNoticePage.objects.get(pk=notice.pk).live_revision_id != revision.pk
    newer = notice.save_revision()
    admin_client.post(url)  # an older revision than the one the editor last saved
    assert PrivacyNoticePage.objects.get(pk=notice.pk).live_revision_id not in (
        revision.pk,
        newer.pk,
    )


def test_wagtail_compare_shows_what_changed_between_versions(demo, admin_client):
    notice = demo["notice"]
    first = notice.live_revision_id
    second = publish(notice, intro="Muutettu johdanto.").live_revision_id
    response = admin_client.get(f"/admin/pages/{notice.pk}/revisions/compare/{first}...{second}/")
    assert response.status_code == 200
    assert "Muutettu johdanto." in response.content.decode()


def test_publishing_the_translations_of_a_material_change_asks_only_once(demo):
    from cookies.consent import current_policy
    from tests.factories import PrivacyNoticePageFactory

    fi = publish(demo["notice"], material_change=True, change_summary="Uusi vastaanottaja.")
    version, _revision = current_policy()
    english = PrivacyNoticePage.objects.filter(translation_key=fi.translation_key).exclude(pk=fi.pk)
    translation = english.first() or PrivacyNoticePageFactory(
        parent=fi.get_parent(), translation_key=fi.translation_key, slug="kaannos"
    )
    publish(translation, material_change=True)
    assert current_policy()[0] == version
    publish(fi, material_change=True, change_summary="Vielä uusi muutos.")
    assert current_policy()[0] != version


def test_history_address_in_each_language(demo, client):
    notices = PrivacyNoticePage.objects.live()
    assert {n.locale.language_code for n in notices} == {"fi", "sv", "en"}
    for notice in notices:
        language = notice.locale.language_code
        segment = {"fi": "versiot", "sv": "versioner", "en": "versions"}[language]
        page = client.get(notice.url)
        assert f'href="{notice.url}{segment}/"' in page.content.decode()
        assert client.get(f"{notice.url}{segment}/").status_code == 200
        assert client.get(f"{notice.url}tilt/").json()["meta"]["language"] == language


def test_editor_panel_on_a_new_notice_asks_to_save_first(admin_client, home_page):
    with translation.override("en"):
        response = admin_client.get(
            f"/admin/pages/add/seloste_notices/privacynoticepage/{home_page.pk}/",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "data-notice-completeness" in response.content.decode()


def test_dashboard_panel_is_hidden_from_users_who_cannot_edit_notices(
    demo, client, django_user_model
):
    from django.contrib.auth.models import Permission

    publish(demo["notice"], body=without(demo["notice"], "complaint"))
    user = django_user_model.objects.create_user("kasittelija", "k@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "incomplete-notices" not in response.content.decode()
