"""A request form must reach somebody: with no contact person, no extra inbox and no MANAGERS
(as `wagtail start` leaves it) it refuses to publish, says why, and the notice's check names it."""

import json

import pytest
from wagtail.models import Locale

from notices.checks import check_notice
from notices.models import ContactPerson, Organisation
from notices.rights.models import RightsRequestPage, RightsRequestSettings
from tests.factories import PrivacyNoticePageFactory, RightsRequestPageFactory, complete_body


@pytest.fixture
def notice_without_contact(home_page, settings):
    settings.MANAGERS = []
    organisation = Organisation.objects.create(name="Esimerkki Oy", business_id="0112038-9")
    person = ContactPerson.objects.create(
        locale=Locale.get_default(), name="Poistuva Henkilö", email="x@company.example"
    )
    body = [b for b in complete_body(organisation, person) if b["type"] != "contact_person"]
    notice = PrivacyNoticePageFactory(
        parent=home_page, slug="tietosuojaseloste", body=json.dumps(body)
    )
    notice.save_revision().publish()
    return notice


def publish_form(client, notice):
    return client.post(
        f"/admin/pages/add/seloste_rights/rightsrequestpage/{notice.pk}/",
        {"title": "Pyyntö", "slug": "pyynto", "intro": "", "action-publish": "publish"},
        follow=True,
    )


@pytest.mark.django_db
def test_a_form_nobody_receives_is_not_published_and_the_editor_is_told(
    notice_without_contact, admin_client
):
    response = publish_form(admin_client, notice_without_contact)
    page = RightsRequestPage.objects.child_of(notice_without_contact).get()
    assert not page.live  # kept as a draft: nothing the editor typed is lost
    messages = [str(m) for m in response.context["messages"]]
    assert any("eivät tavoittaisi ketään" in m for m in messages), messages
    findings = {f.code: f for f in check_notice(notice_without_contact)}
    assert findings["request_routing"].is_error
    assert findings["request_routing"].article == "12(2)"


@pytest.mark.django_db
def test_an_extra_inbox_is_enough_to_publish(notice_without_contact, admin_client):
    setting = RightsRequestSettings.for_site(notice_without_contact.get_site())
    setting.extra_inbox = "privacy@company.example"
    setting.save()
    publish_form(admin_client, notice_without_contact)
    assert RightsRequestPage.objects.child_of(notice_without_contact).get().live
    assert "request_routing" not in {f.code for f in check_notice(notice_without_contact)}


@pytest.mark.django_db
def test_managers_are_enough_to_publish(notice_without_contact, admin_client, settings):
    settings.MANAGERS = [("Privacy", "managers@company.example")]
    publish_form(admin_client, notice_without_contact)
    assert RightsRequestPage.objects.child_of(notice_without_contact).get().live


@pytest.mark.django_db
def test_a_live_form_whose_contact_person_went_is_named_by_the_check(home_page, settings):
    settings.MANAGERS = []
    organisation = Organisation.objects.create(name="Esimerkki Oy", business_id="0112038-9")
    person = ContactPerson.objects.create(
        locale=Locale.get_default(), name="Aino", email="aino@company.example"
    )
    notice = PrivacyNoticePageFactory(
        parent=home_page,
        slug="tietosuojaseloste",
        body=json.dumps(complete_body(organisation, person)),
    )
    notice.save_revision().publish()
    RightsRequestPageFactory(parent=notice).save_revision().publish()
    assert "request_routing" not in {f.code for f in check_notice(notice)}
    notice.body = [b for b in notice.body.raw_data if b["type"] != "contact_person"]
    notice.save_revision().publish()
    assert "request_routing" in {f.code for f in check_notice(notice)}
