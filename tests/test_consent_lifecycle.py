"""How long choices count, what a repeat writes, limits on new consent ids, and the versions a
record points to."""

import time
import uuid

import pytest
from cookie_consent.models import CookieGroup
from cookie_consent.util import dict_to_cookie_str, parse_cookie_str
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Site

from cookies.consent import request_reconsent
from cookies.models import (
    BannerVersion,
    ConsentRecord,
    ConsentSettings,
    DailyConsentCount,
    DeclarationVersion,
    DeclaredCookie,
)
from cookies.state import ACCEPTED, DECLINED, UNDECIDED, Lifecycle, group_state

DECIDE = "/fi/evasteasetukset/valinta/"
DAY = 24 * 60 * 60


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def decide(client: Client, action: str, source: str = "banner", **extra):
    data = {"action": action, "source": source, "next": "/fi/"}
    data.update(extra.pop("data", {}))
    if "cookie_groups" in extra:
        data["cookie_groups"] = extra.pop("cookie_groups")
    else:
        data["all_groups"] = "on"
    return client.post(DECIDE, data, **extra)


def consent_values(response) -> dict[str, str]:
    return parse_cookie_str(response.cookies["cookie_consent"].value)


def set_consent_cookie(client: Client, values: dict[str, str]) -> None:
    client.cookies["cookie_consent"] = dict_to_cookie_str(values)


def analytics() -> CookieGroup:
    return CookieGroup.objects.get(varname="analytics")


# --- how long a choice counts -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_consent_is_renewed_after_the_renewal_period_and_a_refusal_lasts_as_long():
    group, rules, now = (
        analytics(),
        Lifecycle(renewal_days=365, refusal_quiet_days=182),
        time.time(),
    )
    accepted = {"analytics": group.get_version(), "_p": "0"}
    declined = {"analytics": "-1", "_p": "0"}
    for values, answer in ((accepted, ACCEPTED), (declined, DECLINED)):
        values["_d.analytics"] = str(int(now - 364 * DAY))
        assert group_state(values, group, 0, rules, now) == answer
        values["_d.analytics"] = str(int(now - 366 * DAY))
        assert group_state(values, group, 0, rules, now) == UNDECIDED


@pytest.mark.django_db
def test_a_refusal_is_not_asked_again_within_the_quiet_period_whatever_changed():
    group, rules, now = analytics(), Lifecycle(365, 182), time.time()
    recent = {"analytics": "-1", "_p": "0", "_d.analytics": str(int(now - 30 * DAY))}
    older = {"analytics": "-1", "_p": "0", "_d.analytics": str(int(now - 200 * DAY))}
    # The notice changed materially (policy 0 → 1): a consent would be asked again at once.
    assert group_state(recent, group, 1, rules, now) == DECLINED
    assert group_state(older, group, 1, rules, now) == UNDECIDED
    consent = {"analytics": group.get_version(), "_p": "0", "_d.analytics": str(int(now))}
    assert group_state(consent, group, 1, rules, now) == UNDECIDED
    # Nothing changed: the refusal stands for the whole renewal period.
    assert group_state(older, group, 0, rules, now) == DECLINED


@pytest.mark.django_db
def test_the_banner_is_told_the_sites_lifecycle(client, home_page):
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.renewal_days, setting.refusal_quiet_days = 200, 90
    setting.record_retention_days = 1000
    setting.save()
    html = client.get("/fi/").content.decode()
    assert '"renewalDays":200' in html and '"refusalQuietDays":90' in html


@pytest.mark.django_db
def test_a_repeated_choice_writes_no_record_and_does_not_extend_the_consent(client):
    first = decide(client, "accept")
    values = consent_values(first)
    again = decide(client, "accept")
    assert again.status_code == 302
    assert "cookie_consent" not in again.cookies  # the cookie, and its dates, stay as they were
    assert ConsentRecord.objects.count() == 1
    decide(client, "decline")
    assert ConsentRecord.objects.count() == 2
    assert consent_values(decide(client, "accept"))["_id"] == values["_id"]
    assert ConsentRecord.objects.count() == 3


@pytest.mark.django_db
def test_renewing_an_expired_consent_is_a_new_record(client):
    decide(client, "accept")
    values = parse_cookie_str(client.cookies["cookie_consent"].value)
    old = str(int(time.time() - 400 * DAY))
    set_consent_cookie(client, {**values, "_d.analytics": old, "_d.external_media": old})
    response = decide(client, "accept")
    assert ConsentRecord.objects.count() == 2
    assert int(consent_values(response)["_d.analytics"]) > int(old)


@pytest.mark.django_db
def test_a_choice_for_one_group_keeps_the_others_and_their_dates(client):
    decide(client, "accept")
    first = parse_cookie_str(client.cookies["cookie_consent"].value)
    earlier = str(int(time.time() - 10 * DAY))
    set_consent_cookie(client, {**first, "_d.external_media": earlier})
    response = decide(client, "decline", source="settings", cookie_groups="analytics")
    values = consent_values(response)
    assert values["analytics"] == "-1"
    assert values["external_media"] == first["external_media"]
    assert values["_d.external_media"] == earlier
    record = ConsentRecord.objects.latest("created_at")
    assert record.choices["external_media"]["decided_at"] == int(earlier)


# --- limits on new consent ids ------------------------------------------------------------------


@pytest.mark.django_db
def test_first_decisions_are_limited_per_client_address(settings):
    settings.SELOSTE_CONSENT_RATE_LIMIT = (3, 600)
    for __ in range(3):
        assert decide(Client(), "accept").status_code == 302
    refused = decide(Client(), "accept")
    assert refused.status_code == 429
    assert "cookie_consent" not in refused.cookies
    assert "Kokeile uudelleen" in refused.content.decode()
    # A refusal still takes effect (it needs no proof), but writes nothing.
    declined = decide(Client(), "decline")
    assert declined.status_code == 302
    assert consent_values(declined)["analytics"] == "-1"
    assert ConsentRecord.objects.count() == 3
    # Another address is counted on its own.
    assert decide(Client(REMOTE_ADDR="192.0.2.7"), "accept").status_code == 302


@pytest.mark.django_db
def test_a_visitor_with_records_is_never_limited_and_a_made_up_id_is(settings):
    settings.SELOSTE_CONSENT_RATE_LIMIT = (1, 600)
    visitor = Client()
    decide(visitor, "accept")
    for action in ("decline", "accept", "decline"):
        assert decide(visitor, action).status_code == 302
    assert ConsentRecord.objects.count() == 4
    stranger = Client()
    set_consent_cookie(stranger, {"_id": str(uuid.uuid4())})
    assert decide(stranger, "accept").status_code == 429


@pytest.mark.django_db
def test_the_limit_counts_the_client_behind_a_trusted_proxy(settings):
    settings.SELOSTE_CONSENT_RATE_LIMIT = (1, 600)
    settings.SELOSTE_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert decide(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1"), "accept").status_code == 302
    assert decide(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2"), "accept").status_code == 302
    assert decide(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1"), "accept").status_code == 429


# --- versions -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_banner_text_and_cookie_table_is_stored_once_per_language(client, home_page):
    for __ in range(3):
        client.get("/fi/")
    assert BannerVersion.objects.filter(surface="banner", language="fi").count() == 1
    assert DeclarationVersion.objects.filter(language="fi").count() == 1
    banner = BannerVersion.objects.get(surface="banner", language="fi")
    assert "Hyväksy kaikki" in banner.html and 'name="next" value=""' in banner.html
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.translations = {"fi": {"banner_text": "Käytämme evästeitä vain luvallasi."}}
    setting.save()
    client.get("/fi/")
    assert BannerVersion.objects.filter(surface="banner", language="fi").count() == 2
    assert "vain luvallasi" in BannerVersion.objects.filter(surface="banner").first().html
    DeclaredCookie.objects.filter(name="_ga").update(translations={"sv": {"purpose": "Ny text"}})
    cache.clear()
    client.get("/fi/")
    assert DeclarationVersion.objects.filter(language="fi").count() == 1  # Finnish unchanged
    client.get("/sv/")
    assert DeclarationVersion.objects.filter(language="sv").count() == 1


@pytest.mark.django_db
def test_a_record_points_to_the_banner_and_declarations_the_visitor_was_shown(client, home_page):
    html = client.get("/fi/").content.decode()
    banner = BannerVersion.objects.get(surface="banner", language="fi")
    declarations = DeclarationVersion.objects.get(language="fi")
    assert f'name="banner_version" value="{banner.pk}"' in html
    decide(client, "accept", data={"banner_version": banner.pk, "declaration_version": ""})
    record = ConsentRecord.objects.get()
    assert record.banner_version == banner
    assert record.declaration_version == declarations  # the one in force, when none was sent
    table = {g["varname"]: g for g in declarations.groups}
    assert {c["name"] for c in table["analytics"]["cookies"]} == {"_ga", "_ga_<container-id>"}
    assert [p["name"] for p in table["external_media"]["providers"]][0] == "YouTube"


@pytest.mark.django_db
def test_a_version_of_another_language_or_none_at_all_is_not_believed(client, home_page):
    client.get("/sv/")
    swedish = BannerVersion.objects.get(surface="banner", language="sv")
    decide(client, "accept", data={"banner_version": swedish.pk})
    decide(client, "decline", data={"banner_version": "99999"})
    assert list(ConsentRecord.objects.values_list("banner_version", flat=True)) == [None, None]


@pytest.mark.django_db
def test_the_settings_page_is_its_own_version_and_shows_the_record_from_the_cookie(client):
    html = client.get("/fi/evasteasetukset/").content.decode()
    version = BannerVersion.objects.get(surface="settings", language="fi")
    assert f'name="banner_version" value="{version.pk}"' in html
    assert "data-cc-consent-id" in html and "data-cc-decided-at" in html
    decide(client, "accept", source="settings", cookie_groups="analytics",
           data={"banner_version": version.pk})  # fmt: skip
    assert ConsentRecord.objects.get().banner_version == version
    # The page itself stays the same bytes for everyone.
    assert (
        client.get("/fi/evasteasetukset/").content == Client().get("/fi/evasteasetukset/").content
    )


# --- statistics ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_record_is_counted_in_its_days_counts(client):
    decide(client, "accept")
    decide(client, "decline")
    decide(Client(), "decline", source="settings", cookie_groups="analytics")
    counts = {(c.outcome, c.source): c.count for c in DailyConsentCount.objects.all()}
    assert counts == {
        ("accepted", "banner"): 1,
        ("declined", "banner"): 1,
        ("partial", "settings"): 1,
    }


@pytest.mark.django_db
def test_rebuilt_counts_match_the_records(client):
    from cookies.statistics import rebuild_daily_counts

    for action in ("accept", "decline", "accept"):
        decide(client, action)
    before = sorted(DailyConsentCount.objects.values_list("day", "outcome", "source", "count"))
    rebuild_daily_counts()
    assert (
        sorted(DailyConsentCount.objects.values_list("day", "outcome", "source", "count")) == before
    )


# --- retention ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_retention_cannot_be_shorter_than_the_lifetime_plus_the_renewal_period():
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    setting.consent_lifetime_days, setting.renewal_days = 400, 365
    setting.record_retention_days = 700
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert "765" in str(error.value.message_dict["record_retention_days"])
    setting.record_retention_days = 765
    setting.full_clean()
    setting.renewal_days, setting.refusal_quiet_days = 100, 150
    with pytest.raises(ValidationError) as error:
        setting.full_clean()
    assert "refusal_quiet_days" in error.value.message_dict
    # Pruning keeps the minimum even for a row saved past the form.
    setting.record_retention_days = 10
    assert setting.effective_retention_days() == 500


@pytest.mark.django_db
def test_an_editor_cannot_cut_proof_of_consent_short_and_is_told_why(client):
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("editor", "e@example.com", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/seloste_cookies/consentsettings/{site.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "ga_measurement_id": "",
        "notice_page": "",
        "banner_text_fi": "",
        "banner_text_sv": "",
        "banner_text_en": "",
        "renewal_days": "365",
        "refusal_quiet_days": "182",
        "consent_lifetime_days": "365",
        "record_retention_days": "100",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "730" in response.content.decode()
    assert ConsentSettings.for_site(site).record_retention_days == 3 * 365
    response = client.post(url, {**data, "record_retention_days": "730"})
    assert response.status_code == 302
    assert ConsentSettings.for_site(site).record_retention_days == 730


@pytest.mark.django_db
def test_a_policy_change_asks_consents_again_but_keeps_recent_refusals(client):
    decide(client, "decline")
    request_reconsent("Material change")
    values = parse_cookie_str(client.cookies["cookie_consent"].value)
    setting = ConsentSettings.for_site(Site.objects.get(is_default_site=True))
    rules = Lifecycle.of(setting)
    from cookies.consent import current_policy

    policy, __ = current_policy()
    assert group_state(values, analytics(), policy, rules) == DECLINED
