import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cookies.models import ConsentSettings
from home import demo, demo_translations
from home.models import HomePage
from notices.models import ContactPerson, Organisation, PrivacyNoticePage
from notices.rights.models import RightsRequestPage


class Command(BaseCommand):
    help = (
        "Load the demo: a fictional company with a complete Finnish privacy notice at "
        "/fi/tietosuojaseloste/. Running it again changes nothing that is already there."
    )

    def handle(self, *args, **options):
        # The demo's notice relies on Seloste's defaults (cookie groups, the authority).
        call_command("prepare_seloste", verbosity=0)
        with transaction.atomic():
            locale = Locale.get_default()
            home = self.home_page(locale)
            existing = self.existing_notice(home)
            organisation = self.organisation(existing)
            person = self.contact_person(existing, locale)
            notice = self.notice_page(home, organisation, person, existing)
            request_page = self.request_page(notice)
            # Parents before children, and the contact person before the notice that names it.
            for target in Locale.objects.exclude(pk=locale.pk).order_by("language_code"):
                for instance in (home, person, notice, request_page):
                    self.translate(instance, target)
            self.consent_settings(notice)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {base}{notice.url}"))

    def consent_settings(self, notice: PrivacyNoticePage) -> None:
        """A fictional GA4 measurement ID, so the demo shows analytics waiting for consent."""
        setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
        if not setting.ga_measurement_id or not setting.notice_page_id:
            setting.ga_measurement_id = setting.ga_measurement_id or demo.GA_MEASUREMENT_ID
            setting.notice_page_id = setting.notice_page_id or notice.pk
            setting.save()
            self.stdout.write("Cookie consent settings filled in.")

    def home_page(self, locale: Locale) -> HomePage:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            home = HomePage.objects.filter(locale=locale, depth=2).first()
        self.home_video()
        if (
            home.title != demo.ORGANISATION["name"]
            or home.intro != demo.HOME_INTRO
            or home.body != demo.HOME_BODY
        ):
            home.title = demo.ORGANISATION["name"]
            home.draft_title = home.title
            home.intro = demo.HOME_INTRO
            home.body = demo.HOME_BODY
            home.save_revision().publish()
            self.stdout.write("Home page updated.")
        if site.site_name != demo.ORGANISATION["name"]:
            site.site_name = demo.ORGANISATION["name"]
            site.save()
        return home

    @staticmethod
    def existing_notice(home) -> PrivacyNoticePage | None:
        """The demo's notice, by its stable key, else by its address (demos loaded earlier)."""
        by_key = PrivacyNoticePage.objects.filter(
            translation_key=demo.NOTICE_KEY, locale=home.locale
        ).first()
        if by_key:
            return by_key
        return PrivacyNoticePage.objects.child_of(home).filter(slug="tietosuojaseloste").first()

    @staticmethod
    def organisation(notice: PrivacyNoticePage | None) -> Organisation:
        """The controller the demo notice names, however an editor changed it since."""
        if notice is not None and notice.controller is not None:
            return notice.controller
        organisation, __ = Organisation.objects.get_or_create(
            business_id=demo.ORGANISATION["business_id"], defaults=demo.ORGANISATION
        )
        return organisation

    @staticmethod
    def contact_person(notice: PrivacyNoticePage | None, locale: Locale) -> ContactPerson:
        """The demo's contact person by its stable key, never a copy of an edited one."""
        if notice is not None and notice.contact_person is not None:
            return notice.contact_person
        person = ContactPerson.objects.filter(
            translation_key=demo.CONTACT_PERSON_KEY, locale=locale
        ).first()
        if person is None:
            person = ContactPerson.objects.filter(
                email=demo.CONTACT_PERSON["email"], locale=locale
            ).first()
        if person is None:
            person = ContactPerson.objects.create(
                translation_key=demo.CONTACT_PERSON_KEY, locale=locale, **demo.CONTACT_PERSON
            )
        return person

    def home_video(self) -> None:
        """The home page's video as Wagtail's embed cache would hold it after asking YouTube,
        so the demo needs no internet (an editor's own embeds are fetched as usual)."""
        url = demo.HOME_VIDEO_URL
        Embed.objects.get_or_create(
            hash=get_embed_hash(url), defaults={"url": url, **demo.HOME_VIDEO_EMBED}
        )

    def notice_page(self, home, organisation, person, notice) -> PrivacyNoticePage:
        if notice:
            if self.normalise_body(notice):
                # A notice loaded by an older demo stored list items without ids, which
                # wagtail-localize cannot offer for translation; same content, new format.
                notice.save_revision(log_action=True).publish()
                self.stdout.write("Privacy notice re-saved with ids on every list item.")
            else:
                self.stdout.write("Privacy notice already there, left as it is.")
            return notice
        notice = PrivacyNoticePage(
            translation_key=demo.NOTICE_KEY,
            title=demo.NOTICE_TITLE,
            slug="tietosuojaseloste",
            intro=demo.NOTICE_INTRO,
            # Raw JSON: snippet references as ids, the form the StreamField stores.
            body=json.dumps(
                [{"type": t, "value": v} for t, v in demo.notice_body(organisation, person)]
            ),
            show_in_menus=True,
        )
        self.normalise_body(notice)
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

    @staticmethod
    def normalise_body(notice: PrivacyNoticePage) -> bool:
        """Give every list item a block id, so each item becomes its own translation segment.

        Returns whether anything changed.
        """
        raw = json.dumps(list(notice.body.raw_data), sort_keys=True)
        stream_block = PrivacyNoticePage.body.field.stream_block
        notice.body = stream_block.to_python(json.loads(raw))
        for _child in notice.body:  # binding each child makes the list blocks save with ids
            pass
        normalised = stream_block.get_prep_value(notice.body)
        notice.body = stream_block.to_python(normalised)
        return json.dumps(normalised, sort_keys=True) != raw

    def translate(self, instance, locale: Locale) -> None:
        """Translate one object through wagtail-localize, as an editor would in the admin.

        Every source segment gets the demo's Swedish or English text as a manual string
        translation; then the translation is saved (and, for pages, published). An object that
        already has a translation in the locale is left alone, so the command is idempotent and
        a translation that fell behind its source stays behind until an editor syncs it.
        """
        if isinstance(instance, Page):
            instance = instance.specific
        if instance.has_translation(locale):
            return
        source, __ = TranslationSource.get_or_create_from_instance(instance)
        missing = []
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            text = demo_translations.text_for(segment.string.data, locale.language_code)
            if text is None:
                missing.append(segment.string.data)
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        translation, __ = Translation.objects.get_or_create(source=source, target_locale=locale)
        is_page = isinstance(instance, Page)
        # Pages are saved as a draft and published here rather than on commit, so the
        # translation is live inside this transaction too (tests run inside one).
        translation.save_target(publish=not is_page)
        if is_page:
            translated = instance.get_translation(locale)
            translated.get_latest_revision().publish()
        for text in missing:
            self.stderr.write(
                f"No {locale.language_code} text for {text!r}; the Finnish text is used."
            )
        self.stdout.write(f"{instance} translated into {locale.language_code}.")
