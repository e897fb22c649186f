import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from notices.blocks import NoticeBodyBlock
from notices.models import ContactPerson, PrivacyNoticePage, SupervisoryAuthority
from notices.rights.models import RightsRequestPage
from tests.factories import (
    ContactPersonFactory,
    OrganisationFactory,
    PrivacyNoticePageFactory,
    complete_body,
)

NOTICE_URL = "/fi/tietosuojaseloste/"


class NoticeStructure(HTMLParser):
    """Collects the landmarks, headings, table of contents and section ids of a page."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.landmarks = set()
        self.toc_links: list[tuple[str, str]] = []
        self.sections: list[str] = []
        self.h2: dict[str, str] = {}
        self._in_toc = False
        self._link = None
        self._h2 = None
        self._text = []
        self.stylesheets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("main", "header", "footer", "nav"):
            self.landmarks.add(tag)
        if tag == "h1":
            self.h1 += 1
        if tag == "nav" and "toc" in (attrs.get("class") or ""):
            self._in_toc = True
        if tag == "a" and self._in_toc:
            self._link = attrs.get("href")
            self._text = []
        if tag == "section" and "notice-section" in (attrs.get("class") or ""):
            self.sections.append(attrs["id"])
        if tag == "h2":
            self._h2 = attrs.get("id")
            self._text = []
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append((attrs.get("href"), attrs.get("media") or "all"))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_toc = False
        if tag == "a" and self._link is not None:
            self.toc_links.append((self._link, "".join(self._text).strip()))
            self._link = None
        if tag == "h2" and self._h2 is not None:
            self.h2[self._h2] = "".join(self._text).strip()
            self._h2 = None

    def handle_data(self, data):
        self._text.append(data)


def parse(html: str) -> NoticeStructure:
    parser = NoticeStructure()
    parser.feed(html)
    return parser


@pytest.fixture
def client():
    return Client()


class TestNoticePageAssertions(WagtailPageTestCase):
    """Wagtail's own page checks on the demo notice and its request page."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        cls.notice = PrivacyNoticePage.objects.get(
            slug="tietosuojaseloste", locale__language_code="fi"
        )
        cls.request_page = RightsRequestPage.objects.child_of(cls.notice).get()

    def test_routable(self):
        # assertPageIsRoutable feeds the whole URL, language prefix included, to the page tree;
        # with i18n_patterns the prefix is resolved by Django first, so route the rest here.
        site = self.notice.get_site()
        for page in (self.notice, self.request_page):
            components = page.url_path.split("/")[2:]  # drop the site root's own slug
            routed = site.root_page.localized.specific.route(
                self.dummy_request, [c for c in components if c]
            )
            self.assertEqual(routed.page.pk, page.pk)
            self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_renderable(self):
        self.assertPageIsRenderable(self.notice)
        self.assertPageIsRenderable(self.request_page)

    def notice_post_data(self):
        # StreamField inputs are built by the editor's JavaScript, so the form data is given.
        return nested_form_data(
            {
                "title": self.notice.title,
                "slug": self.notice.slug,
                "intro": self.notice.intro,
                "body": streamfield(
                    [
                        (
                            "register_name",
                            {"heading": "", "name": "Asiakasrekisteri", "description": ""},
                        )
                    ]
                ),
            }
        )

    def test_editable(self):
        self.assertPageIsEditable(self.notice, post_data=self.notice_post_data())
        self.assertPageIsEditable(self.request_page)

    def test_previewable(self):
        self.assertPageIsPreviewable(self.notice, post_data=self.notice_post_data())

    def test_tree_rules(self):
        self.assertCanCreateAt(HomePage, PrivacyNoticePage)
        self.assertCanCreateAt(PrivacyNoticePage, RightsRequestPage)
        self.assertCanNotCreateAt(HomePage, RightsRequestPage)
        self.assertCanNotCreateAt(RightsRequestPage, PrivacyNoticePage)


def test_demo_notice_has_every_section_with_a_table_of_contents(demo, client):
    response = client.get(NOTICE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    structure = parse(html)

    assert structure.h1 == 1
    assert {"main", "header", "footer", "nav"} <= structure.landmarks
    assert len(structure.sections) >= 12
    assert len(set(structure.sections)) == len(structure.sections), "anchors must be unique"
    # The table of contents links to every section, in order, with the section's own heading.
    assert [href for href, _text in structure.toc_links] == [
        f"#{anchor}" for anchor in structure.sections
    ]
    for href, text in structure.toc_links:
        assert structure.h2[f"{href[1:]}-heading"] == text
    # Every block type of the notice is used by the demo and rendered.
    used = {child.block_type for child in demo["notice"].body}
    assert used == set(NoticeBodyBlock().child_blocks)
    assert 'href="/fi/tietosuojaseloste/pyynto/"' in html


def test_notice_dates_come_from_publishing(demo, client):
    notice = demo["notice"]
    html = client.get(NOTICE_URL).content.decode()
    first = notice.first_published_at.astimezone().strftime("%Y-%m-%d")
    assert f'datetime="{first}"' in html
    # A later publish moves "updated" but not "prepared".
    from datetime import timedelta

    notice.refresh_from_db()
    original_first = notice.first_published_at
    revision = notice.save_revision()
    revision.publish()
    notice.refresh_from_db()
    assert notice.first_published_at == original_first
    assert notice.last_published_at >= original_first
    PrivacyNoticePage.objects.filter(pk=notice.pk).update(
        first_published_at=original_first - timedelta(days=400)
    )
    html = client.get(NOTICE_URL).content.decode()
    earlier = (original_first - timedelta(days=400)).astimezone().strftime("%Y-%m-%d")
    assert f'datetime="{earlier}"' in html
    assert f'datetime="{notice.last_published_at.astimezone():%Y-%m-%d}"' in html


def test_one_stylesheet_with_the_print_rules(demo, client):
    """The demo joins every public page's styles into one file (a first visit is the HTML,
    one stylesheet, the favicon and the consent script); the print rules are in it."""
    from django.contrib.staticfiles import finders

    structure = parse(client.get(NOTICE_URL).content.decode())
    assert [href for href, __ in structure.stylesheets] == ["/static/css/site.css"]
    stylesheet = open(finders.find("css/site.css"), encoding="utf-8").read()
    assert "@media print" in stylesheet and ".notice-section" in stylesheet


def test_changing_a_contact_person_changes_every_notice_naming_them(demo, client, home_page):
    person = ContactPerson.objects.get(
        email="tietosuoja@revontuli.example", locale__language_code="fi"
    )
    other = PrivacyNoticePageFactory(
        parent=home_page, slug="henkilostorekisteri", body=json.dumps(complete_body_for(person))
    )
    other.save_revision().publish()
    person.email = "uusi.osoite@revontuli.example"
    person.save()
    for url in (NOTICE_URL, "/fi/henkilostorekisteri/"):
        html = client.get(url).content.decode()
        assert "uusi.osoite@revontuli.example" in html
        assert "mailto:tietosuoja@revontuli.example" not in html


def complete_body_for(person):
    organisation = OrganisationFactory()
    return complete_body(organisation, person)


def test_complaint_section_names_the_default_authority(demo, client):
    authority = SupervisoryAuthority.objects.get(locale__language_code="fi", is_default=True)
    assert authority.name == "Tietosuojavaltuutetun toimisto"
    html = client.get(NOTICE_URL).content.decode()
    assert "Tietosuojavaltuutetun toimisto" in html
    assert "tietosuoja@om.fi" in html


def test_editor_heading_overrides_the_default(home_page, client):
    organisation = OrganisationFactory()
    person = ContactPersonFactory()
    body = complete_body(organisation, person)
    for item in body:
        if item["type"] == "retention":
            item["value"]["heading"] = "Kuinka kauan tietoja säilytetään"
    page = PrivacyNoticePageFactory(parent=home_page, slug="seloste-x", body=json.dumps(body))
    page.save_revision().publish()
    structure = parse(client.get("/fi/seloste-x/").content.decode())
    assert structure.h2["retention-heading"] == "Kuinka kauan tietoja säilytetään"


@pytest.mark.django_db
def test_each_block_renders_its_preview_value():
    """The block picker's previews render without a database record behind them."""
    for name, block in NoticeBodyBlock().child_blocks.items():
        value = block.to_python(block.get_prep_value(block.normalize(block.meta.preview_value)))
        html = block.render(value, context={"section_id": name})
        assert f'id="{name}"' in html
        assert "<h2" in html
        assert block.meta.description, name
        assert block.meta.icon, name
        assert block.meta.group, name


def test_every_block_has_a_template_and_a_default_heading():
    for name, block in NoticeBodyBlock().child_blocks.items():
        assert block.meta.template.startswith("notices/blocks/"), name
        assert str(block.default_heading), name


def test_block_picker_is_grouped():
    groups = {str(block.meta.group) for block in NoticeBodyBlock().child_blocks.values()}
    assert len(groups) >= 4


def test_structured_sections_are_not_one_rich_text_each():
    from wagtail.blocks import RichTextBlock

    # "Text as written" (an imported notice's own words) sits beside the typed fields; the
    # typed content itself is never one rich text.
    rich_text_sections = [
        name
        for name, block in NoticeBodyBlock().child_blocks.items()
        if any(
            isinstance(child, RichTextBlock)
            for key, child in block.child_blocks.items()
            if key != "wording"
        )
    ]
    assert rich_text_sections == ["text"]


@pytest.mark.django_db(transaction=False)
def test_anonymous_notice_page_query_budget(demo, client, home_page, django_assert_max_num_queries):
    client.get(NOTICE_URL)  # warm caches that belong to the process, not the request
    with django_assert_max_num_queries(12) as captured:
        assert client.get(NOTICE_URL).status_code == 200
    baseline = len(captured)

    # The same notice five times longer costs no more queries.
    notice = demo["notice"]
    raw = list(notice.body.raw_data)
    long_body = []
    for _round in range(5):
        for item in raw:
            item = dict(item)
            item.pop("id", None)
            if item["type"] in ("controller", "contact_person", "data_protection_officer"):
                continue
            if item["type"] == "register_name":
                continue
            long_body.append(item)
    long_page = PrivacyNoticePageFactory(
        parent=home_page, slug="pitka-seloste", body=json.dumps(raw + long_body)
    )
    long_page.save_revision().publish()
    assert len(long_page.body) >= 5 * 12
    client.get("/fi/pitka-seloste/")
    with django_assert_max_num_queries(baseline) as captured_long:
        assert client.get("/fi/pitka-seloste/").status_code == 200
    assert len(captured_long) <= baseline


def test_api_lists_notice_with_typed_body_blocks(demo, client):
    response = client.get(
        "/api/v2/pages/",
        {"type": "seloste_notices.PrivacyNoticePage", "fields": "intro,body", "locale": "fi"},
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1
    body = items[0]["body"]
    types = {block["type"] for block in body}
    assert len(types) >= 12
    controller = next(block for block in body if block["type"] == "controller")
    assert controller["value"]["organisation"]["business_id"] == "2345678-0"
    assert controller["value"]["heading_display"]
    purposes = next(block for block in body if block["type"] == "purposes")
    bases = {p["legal_basis"] for p in purposes["value"]["purposes"]}
    assert "legitimate_interests" in bases

    detail = client.get(f"/api/v2/pages/{demo['notice'].pk}/").json()
    assert detail["meta"]["type"] == "seloste_notices.PrivacyNoticePage"
    assert detail["body"] == body


def test_load_demo_is_idempotent(demo):
    counts = (Page.objects.count(), ContactPerson.objects.count())
    revisions = demo["notice"].revisions.count()
    call_command("load_demo", verbosity=0)
    assert (Page.objects.count(), ContactPerson.objects.count()) == counts
    assert demo["notice"].revisions.count() == revisions


def test_demo_uses_only_reserved_example_domains(demo):
    raw = json.dumps(list(demo["notice"].body.raw_data))
    domains = set(re.findall(r"[\w.-]+@([\w.-]+)", raw)) | set(
        re.findall(r"https?://([\w.-]+)", raw)
    )
    from notices.models import Organisation

    for organisation in Organisation.objects.all():
        domains |= set(re.findall(r"@([\w.-]+)", organisation.email))
    for person in ContactPerson.objects.all():
        domains |= set(re.findall(r"@([\w.-]+)", person.email))
    assert domains
    assert all(
        d.endswith((".example", "example.com", "example.org", "example.net")) for d in domains
    )


class TestEditorSavesStructuredSections(WagtailPageTestCase):
    """A marketing editor's form submission, as the page editor posts it."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)

    def setUp(self):
        self.user = self.create_superuser("editor-admin")
        self.client.force_login(self.user)

    def post_new_notice(self, body):
        data = nested_form_data(
            {
                "title": "Markkinointirekisteri",
                "slug": "markkinointirekisteri",
                "intro": "Johdanto",
                "body": streamfield(body),
                "action-publish": "publish",
            }
        )
        return self.client.post(
            f"/admin/pages/add/seloste_notices/privacynoticepage/{self.home.pk}/", data
        )

    def test_editor_can_create_a_notice(self):
        response = self.post_new_notice(
            [
                (
                    "register_name",
                    {"heading": "", "name": "Markkinointirekisteri", "description": ""},
                ),
                ("change_policy", {"heading": "Muutokset", "text": ""}),
                ("text", {"heading": "Muuta", "body": rich_text("<p>Lisää</p>")}),
            ]
        )
        # The notice is incomplete: publishing asks first, with the page saved as a draft.
        assert response.status_code == 200, response.content.decode()[:2000]
        page = PrivacyNoticePage.objects.get(slug="markkinointirekisteri")
        assert not page.live
        self.client.post(f"/admin/notices/{page.pk}/publish/{page.latest_revision_id}/")
        page = PrivacyNoticePage.objects.get(slug="markkinointirekisteri")
        assert page.live
        assert [child.block_type for child in page.body] == [
            "register_name",
            "change_policy",
            "text",
        ]

    def test_cross_field_rule_gives_an_editor_message(self):
        response = self.post_new_notice(
            [
                (
                    "data_protection_officer",
                    {"heading": "", "designated": "yes", "person": "", "note": ""},
                )
            ]
        )
        assert response.status_code == 200
        assert not PrivacyNoticePage.objects.filter(slug="markkinointirekisteri").exists()
        assert "data protection officer" in response.content.decode().lower() or (
            "tietosuojavastaava" in response.content.decode().lower()
        )
