import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale, Site

from home import demo
from home.models import HomePage
from notices.models import PrivacyNoticePage, RightsRequestPage
from notices.snippets import ContactPerson, Organisation


class Command(BaseCommand):
    help = (
        "Load the demo: a fictional company with a complete Finnish privacy notice at "
        "/fi/tietosuojaseloste/. Running it again changes nothing that is already there."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            locale = Locale.get_default()
            organisation, __ = Organisation.objects.get_or_create(
                business_id=demo.ORGANISATION["business_id"], defaults=demo.ORGANISATION
            )
            person, __ = ContactPerson.objects.get_or_create(
                email=demo.CONTACT_PERSON["email"], locale=locale, defaults=demo.CONTACT_PERSON
            )
            home = self.home_page(locale)
            notice = self.notice_page(home, organisation, person)
            self.request_page(notice)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {base}{notice.url}"))

    def home_page(self, locale: Locale) -> HomePage:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            home = HomePage.objects.filter(locale=locale, depth=2).first()
        if home.title != demo.ORGANISATION["name"] or home.intro != demo.HOME_INTRO:
            home.title = demo.ORGANISATION["name"]
            home.draft_title = home.title
            home.intro = demo.HOME_INTRO
            home.save_revision().publish()
            self.stdout.write("Home page updated.")
        if site.site_name != demo.ORGANISATION["name"]:
            site.site_name = demo.ORGANISATION["name"]
            site.save()
        return home

    def notice_page(self, home, organisation, person) -> PrivacyNoticePage:
        notice = PrivacyNoticePage.objects.child_of(home).filter(slug="tietosuojaseloste").first()
        if notice:
            self.stdout.write("Privacy notice already there, left as it is.")
            return notice
        notice = PrivacyNoticePage(
            title=demo.NOTICE_TITLE,
            slug="tietosuojaseloste",
            intro=demo.NOTICE_INTRO,
            # Raw JSON: snippet references as ids, the form the StreamField stores.
            body=json.dumps(
                [{"type": t, "value": v} for t, v in demo.notice_body(organisation, person)]
            ),
            show_in_menus=True,
        )
        home.add_child(instance=notice)
        notice.save_revision(log_action=True).publish()
        self.stdout.write("Privacy notice created and published.")
        return notice

    def request_page(self, notice: PrivacyNoticePage) -> RightsRequestPage:
        page = RightsRequestPage.objects.child_of(notice).first()
        if page:
            return page
        page = RightsRequestPage(title=demo.REQUEST_TITLE, slug="pyynto", intro=demo.REQUEST_INTRO)
        notice.add_child(instance=page)
        page.save_revision(log_action=True).publish()
        self.stdout.write("Request page created and published.")
        return page
