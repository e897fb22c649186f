"""Consent logic: policy versions, declarations, the consent cookie and proof of consent."""

import gzip
import uuid

import pytest
from cookie_consent.models import Cookie, CookieGroup
from cookie_consent.util import parse_cookie_str
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from wagtail.models import Site

from cookies.consent import current_policy, request_reconsent
from cookies.declarations import declared_cookie_groups
from cookies.models import ConsentRecord, ConsentSettings, DeclaredCookie

DECIDE = "/fi/evasteasetukset/valinta/"
SETTINGS_PAGE = "/fi/evasteasetukset/"


@pytest.fixture(autouse=True)
def fresh_cache():
    # Cached declarations and page context outlive a test's rolled-back transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client()


def consent_values(response) -> dict[str, str]:
    return parse_cookie_str(response.cookies["cookie_consent"].value)


def decide(client: Client, action: str, source: str = "banner", **extra):
    data = {"action": action, "source": source, "next": "/fi/"}
    if "cookie_groups" in extra:
        data["cookie_groups"] = extra.pop("cookie_groups")
    else:
        data["all_groups"] = "on"
    return client.post(DECIDE, data, **extra)


@pytest.mark.django_db
def test_request_reconsent_bumps_the_policy_version():
    before, __ = current_policy()
    version = request_reconsent("Material change to the notice", revision_id=42)
    assert version > before
    assert current_policy() == (version, 42)
    assert request_reconsent("Another change") > version
    assert current_policy()[1] is None


@pytest.mark.django_db
def test_defaults_declare_necessary_cookies_and_google_analytics():
    groups = {group.varname: group for group in declared_cookie_groups()}
    assert groups["necessary"].is_required
    assert {c.name for c in groups["necessary"].cookies} == {
        "sessionid",
        "csrftoken",
        "cookie_consent",
    }
    analytics = {c.name: c for c in groups["analytics"].cookies}
    assert set(analytics) == {"_ga", "_ga_<container-id>"}
    assert all(c.is_third_party and c.transferred_outside_eea for c in analytics.values())
    assert analytics["_ga"].duration == "2 vuotta"
    with translation.override("sv"):
        sv = {group.varname: group for group in declared_cookie_groups()}
    assert sv["analytics"].name == "Analys"
    assert sv["analytics"].cookies[0].duration == "2 år"


@pytest.mark.django_db
def test_defaults_declare_external_media_with_providers_cookies_and_storage_keys():
    groups = {group.varname: group for group in declared_cookie_groups()}
    media = groups["external_media"]
    assert not media.is_required
    assert [p.name for p in media.providers] == ["YouTube", "Vimeo", "Google Maps"]
    youtube = media.providers[0]
    assert youtube.company == "Google Ireland Limited"
    assert youtube.privacy_policy_url.startswith("https://policies.google.com/")
    assert "Yhdysvalloissa" in youtube.data_destination
    kept = {c.name: c.storage for c in media.cookies}
    assert kept["YSC"] == "cookie"
    assert kept["yt-remote-device-id"] == "local"
    assert kept["yt-remote-session-name"] == "session"
    device = next(c for c in media.cookies if c.name == "yt-remote-device-id")
    assert (device.storage_label, device.duration) == (
        "paikallinen tallennustila",
        "kunnes poistetaan",
    )
    with translation.override("en"):
        media = {g.varname: g for g in declared_cookie_groups()}["external_media"]
    assert media.name == "External media"
    assert "USA" in media.providers[0].data_destination


@pytest.mark.django_db
def test_accept_all_without_javascript_sets_cookie_records_proof_and_redirects(client):
    response = decide(client, "accept")
    assert response.status_code == 302
    assert response["Location"] == "/fi/#cc-saved"
    values = consent_values(response)
    group = CookieGroup.objects.get(varname="analytics")
    assert values["analytics"] == group.get_version()
    assert values["_p"] == "0"
    assert not response.cookies["cookie_consent"]["httponly"]
    record = ConsentRecord.objects.get()
    assert record.consent_id == uuid.UUID(hex=values["_id"])
    assert record.outcome == "accepted"
    assert record.source == "banner"
    assert record.choices["analytics"] == {
        "state": "accepted",
        "version": group.get_version(),
        "decided_at": int(values["_d.analytics"]),
    }
    assert record.policy_version == 0
    field_names = {f.name for f in ConsentRecord._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent"}


@pytest.mark.django_db
def test_the_consent_id_stays_and_each_decision_is_a_record(client):
    first = consent_values(decide(client, "accept"))
    second = consent_values(decide(client, "decline", source="settings"))
    assert first["_id"] == second["_id"]
    assert second["analytics"] == "-1"
    assert list(ConsentRecord.objects.order_by("created_at").values_list("outcome", flat=True)) == [
        "accepted",
        "declined",
    ]


@pytest.mark.django_db
def test_decline_deletes_google_analytics_cookies_by_their_names(client):
    client.cookies["_ga"] = "GA1.1.1.1"
    client.cookies["_ga_AB12CD34EF"] = "GS1.1.1"
    client.cookies["_gallery"] = "unrelated"
    response = decide(client, "decline")
    for name in ("_ga", "_ga_AB12CD34EF"):
        assert response.cookies[name]["max-age"] == 0
        assert response.cookies[name].value == ""
    assert "_gallery" not in response.cookies


@pytest.mark.django_db
def test_a_post_from_another_site_changes_nothing(client):
    response = decide(client, "accept", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "cookie_consent" not in response.cookies
    assert not ConsentRecord.objects.exists()
    response = decide(client, "accept", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_bad_input_gets_a_clear_message_not_a_traceback(client):
    response = client.post(DECIDE, {"action": "maybe", "source": "banner", "all_groups": "on"})
    assert response.status_code == 400
    assert "Valitse hyväksy tai hylkää." in response.content.decode()
    response = client.post(
        DECIDE, {"action": "accept", "source": "banner", "cookie_groups": "nonexistent"}
    )
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_redirect_stays_on_this_site(client):
    response = client.post(
        DECIDE,
        {
            "action": "accept",
            "source": "banner",
            "all_groups": "on",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == SETTINGS_PAGE + "#cc-saved"


@pytest.mark.django_db
def test_global_privacy_control_refuses_unless_opted_in_on_the_settings_page(client):
    response = decide(client, "accept", headers={"Sec-GPC": "1"})
    assert consent_values(response)["analytics"] == "-1"
    record = ConsentRecord.objects.get()
    assert record.outcome == "declined" and record.global_privacy_control

    response = decide(
        client, "accept", source="settings", cookie_groups="analytics", headers={"Sec-GPC": "1"}
    )
    values = consent_values(response)
    assert values["analytics"] != "-1" and values["_x"] == "1"


@pytest.mark.django_db
def test_reconsent_makes_old_choices_stale(client):
    decide(client, "accept")
    version = request_reconsent("Material change", revision_id=7)
    # A decision for one group under the new policy drops choices made under the old one.
    cache.clear()
    Cookie.objects.none()
    response = decide(client, "decline", source="settings", cookie_groups="analytics")
    values = consent_values(response)
    assert values["_p"] == str(version)
    record = ConsentRecord.objects.latest("created_at")
    assert (record.policy_version, record.notice_revision_id) == (version, 7)


@pytest.mark.django_db
def test_page_tells_the_browser_the_policy_and_group_versions(client, home_page):
    client.get("/fi/")  # creates the site's settings row, which invalidates once
    before = client.get("/fi/").content.decode()
    group = CookieGroup.objects.get(varname="analytics")
    DeclaredCookie.objects.create(
        cookiegroup=group, name="_gcl_au", duration_value=90, duration_unit="days"
    )
    added = client.get("/fi/").content.decode()
    assert before != added
    assert group.get_version() in added
    version = request_reconsent("Material change")
    assert f'"policy":"{version}"' in client.get("/fi/").content.decode()


@pytest.mark.django_db
def test_public_page_is_the_same_bytes_whatever_the_consent(client, home_page):
    Site.objects.get(is_default_site=True)
    anonymous = client.get("/fi/")
    assert anonymous.status_code == 200
    assert not anonymous.cookies
    assert "Cookie" not in anonymous.get("Vary", "")
    decide(client, "accept")
    assert "cookie_consent" in client.cookies
    accepted = client.get("/fi/")
    assert accepted.content == anonymous.content
    settings_page = client.get(SETTINGS_PAGE)
    assert settings_page.content == Client().get(SETTINGS_PAGE).content


@pytest.mark.django_db
def test_banner_and_footer_link_in_the_page_language(client, home_page):
    html = client.get("/fi/").content.decode()
    assert "Evästeasetukset" in html
    assert ">Hyväksy kaikki</button>" in html and ">Hylkää kaikki</button>" in html
    assert 'gtag("consent","default"' in html
    # The default comes before the script that may load Google's.
    assert html.index('gtag("consent","default"') < html.index("seloste/cookies/consent.js")
    assert "googletagmanager" not in html


@pytest.mark.django_db
def test_consent_machinery_fits_in_3_kb_gzip_as_served(client, home_page):
    """What consent adds to a page, minified as collectstatic does and gzipped each on its
    own as served: 3 KB with the site's own stylesheet (the demo), and the add-on's stylesheet
    (banner, embed placeholders, reflowing tables) on top for a host that links it."""
    from config.storage import MINIFIERS

    settings = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.ga_measurement_id = "G-DEMO123456"
    settings.save()
    html = client.get("/fi/").content.decode()
    # The Consent Mode default (in <head>, from consent_head) and the configuration.
    default_start = html.index("<script>window.dataLayer")
    default = html[default_start : html.index("</script>", default_start) + len("</script>")]
    footer = html[html.index('<p class="cc-footer-link">') : html.index("</footer>")]
    script = MINIFIERS[".js"](open(finders.find("seloste/cookies/consent.js")).read())
    styles = MINIFIERS[".css"](open(finders.find("seloste/cookies/consent.css")).read())
    page, script, styles = (
        len(gzip.compress(part.encode())) for part in (default + footer, script, styles)
    )
    assert page + script <= 3072
    assert page + script + styles <= 4352


def test_consent_script_takes_group_and_cookie_names_from_the_declarations():
    """Which group loads Google's tag and which cookies a withdrawal deletes are declarations an
    editor changes; the script must not carry its own copy of them (comments aside)."""
    from config.storage import MINIFIERS

    script = MINIFIERS[".js"](open(finders.find("seloste/cookies/consent.js")).read())
    for literal in ("_ga", "'analytics'", '"analytics"', "cookie_consent"):
        assert literal not in script, literal


@pytest.mark.django_db
def test_prune_deletes_only_records_older_than_retention():
    from datetime import timedelta

    from django.utils import timezone

    old = ConsentRecord.objects.create(
        consent_id=uuid.uuid4(),
        choices={},
        outcome="declined",
        source="banner",
        policy_version=0,
        created_at=timezone.now() - timedelta(days=800),
    )
    new = ConsentRecord.objects.create(
        consent_id=uuid.uuid4(),
        choices={},
        outcome="accepted",
        source="banner",
        policy_version=0,
        created_at=timezone.now() - timedelta(days=700),
    )
    call_command("prune_consent_records", days=750, verbosity=0)
    assert list(ConsentRecord.objects.values_list("pk", flat=True)) == [new.pk]
    assert not ConsentRecord.objects.filter(pk=old.pk).exists()
    # Never below the consent lifetime plus the renewal period (365 + 365 days by default).
    with pytest.raises(CommandError, match="at least 730 days"):
        call_command("prune_consent_records", days=30, verbosity=0)
    assert ConsentRecord.objects.filter(pk=new.pk).exists()


@pytest.mark.django_db
def test_a_warm_page_costs_no_consent_queries(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/fi/")  # the first page also creates the site's settings row
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/fi/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "cookie" in q["sql"]]
    # Changing a declaration shows at once.
    group = CookieGroup.objects.get(varname="analytics").declaredcookiegroup
    group.name = "Kävijätilastot"
    group.save()
    with translation.override("fi"):
        assert declared_cookie_groups()[1].name == "Kävijätilastot"


@pytest.mark.django_db
def test_measurement_id_must_look_like_ga4():
    from django.core.exceptions import ValidationError

    setting = ConsentSettings(site=Site.objects.get(is_default_site=True))
    setting.ga_measurement_id = "UA-12345-1"
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert "ga_measurement_id" in error.value.message_dict
    setting.ga_measurement_id = "G-DEMO000000"
    setting.full_clean()


@pytest.mark.django_db
def test_admin_declarations_records_and_statistics(client):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("cookieadmin", "a@example.com", "pw")
    client.force_login(admin)
    decide(Client(), "accept")
    record = ConsentRecord.objects.get()
    cookie = DeclaredCookie.objects.get(name="_ga")
    for url in [
        "/admin/cookie_groups/",
        "/admin/declared_cookies/",
        f"/admin/declared_cookies/edit/{cookie.pk}/",
        "/admin/consent_records/",
        f"/admin/consent_records/inspect/{record.pk}/",
        "/admin/consent_stats/",
        "/admin/settings/seloste_cookies/consentsettings/",
    ]:
        assert client.get(url, follow=True).status_code == 200, url
    stats = client.get("/admin/consent_stats/").content.decode()
    assert "<td>1</td>" in stats
    # Proof is read-only, even for a superuser.
    assert client.get(f"/admin/consent_records/edit/{record.pk}/").status_code in (302, 403)
    assert client.get("/admin/consent_records/new/").status_code in (302, 403)
    # A new cookie through the admin, with its declaration details.
    response = client.post(
        "/admin/declared_cookies/new/",
        {
            "cookiegroup": cookie.cookiegroup_id,
            "name": "_gcl_au",
            "provider": "Google",
            "description": "Mainonnan mittaus.",
            "duration_value": "",
            "duration_unit": "days",
            "domain": "",
            "path": "/",
        },
    )
    assert response.status_code == 200  # a days cookie needs a number
    assert not DeclaredCookie.objects.filter(name="_gcl_au").exists()


@pytest.mark.django_db
def test_notice_cookie_table_in_swedish(client):
    from django.template.loader import render_to_string

    with translation.override("sv"):
        html = render_to_string(
            "notices/blocks/cookie_table.html", {"cookie_groups": declared_cookie_groups()}
        )
    assert "Analys" in html and "2 år" in html and "Leverantör" in html
    assert "Skiljer webbläsare åt" in html


@pytest.mark.django_db
def test_the_library_status_view_and_list_page_still_work(client):
    """Our cookie keeps django-cookie-consent's format, so its own views read it."""
    status = client.get("/cookies/status/").json()
    assert status["notAcceptedOrDeclinedCookieGroups"] == ["analytics", "external_media"]
    decide(client, "accept")
    status = client.get("/cookies/status/").json()
    assert status["acceptedCookieGroups"] == ["analytics", "external_media"]
    listing = Client().get("/cookies/")
    assert listing.status_code == 200
    assert not listing.cookies
    assert 'href="/fi/evasteasetukset/"' in listing.content.decode()


@pytest.mark.django_db
def test_an_editor_declares_cookies_but_cannot_read_proof(client):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("editor", "e@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/declared_cookies/").status_code == 200
    assert client.get("/admin/cookie_groups/").status_code == 200
    assert client.get("/admin/consent_records/").status_code in (302, 403)
    assert client.get("/admin/consent_stats/").status_code in (302, 403)
