"""Security: CSRF on every POST, and hypothesis-generated hostile input on the public consent
posts and the importer (the request form has its own fuzz in rights_requests/test_fuzz.py).

Hostile input gets a clear error and never a 500; nothing refused is stored; nothing a visitor
or a file brought in is rendered unescaped.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Locale

from cookies.models import ConsentRecord
from notices.importer import NoticeImportError, import_notice
from notices.models import PrivacyNoticePage
from notices.rights.models import RightsRequest
from tests.rights_requests.conftest import fi_notice  # noqa: F401 - a fixture

FORM_URL = "/fi/tietosuojaseloste/pyynto/"
DECIDE = "/fi/evasteasetukset/valinta/"
SCRIPT = "<script>alert(1)</script>"
FUZZ = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "a\r\nSet-Cookie: x=1",
    "x\x00y",
    "\u202e\u2028\ufeff\U0001f600",
    "ä" * 5000,
]
# Lone surrogates cannot be sent as UTF-8, so a browser could never post them.
any_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200),
)


def form_fields(email: str = "aino@example.com") -> dict[str, str]:
    return {
        "request_type": "access",
        "name": "Aino Virtanen",
        "email": email,
        "message": "Haluan nähdä tietoni.",
    }


# --- CSRF ------------------------------------------------------------------------------------


def test_request_form_refuses_a_post_without_its_csrf_token(fi_notice):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM_URL, form_fields())
    assert response.status_code == 403
    assert not RightsRequest.objects.exists()

    # With the token from the form, the same post is taken: the check above can fail.
    page = client.get(FORM_URL)
    token = page.context["csrf_token"]
    response = client.post(FORM_URL, {**form_fields(), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert RightsRequest.objects.count() == 1


def test_verification_post_needs_the_csrf_token(fi_notice):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM_URL + "confirm/not-a-token/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_posts_need_the_csrf_token(home_page, django_user_model):
    client = Client(enforce_csrf_checks=True)
    django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    response = client.post("/admin/login/", {"username": "boss", "password": "pw"})
    assert response.status_code == 403
    client.force_login(django_user_model.objects.get(username="boss"))
    before = PrivacyNoticePage.objects.count()
    response = client.post("/admin/notices/import/", {"locale": "fi", "title": "x"})
    assert response.status_code == 403
    response = client.post(f"/admin/pages/{home_page.pk}/edit/", {"title": "Hacked"})
    assert response.status_code == 403
    home_page.refresh_from_db()
    assert home_page.title != "Hacked"
    assert PrivacyNoticePage.objects.count() == before


@pytest.mark.django_db
def test_consent_decisions_are_refused_from_another_site(home_page):
    """The banner's form carries no token (pages are the same bytes for everyone); the
    browser's Origin and Sec-Fetch-Site headers stand in for it."""
    client = Client(enforce_csrf_checks=True)
    data = {"action": "accept", "source": "banner", "all_groups": "on", "next": "/fi/"}
    for headers in (
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},
    ):
        response = client.post(DECIDE, data, headers=headers)
        assert response.status_code == 403, headers
        assert "cookie_consent" not in response.cookies
    assert not ConsentRecord.objects.exists()
    response = client.post(DECIDE, data, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert ConsentRecord.objects.count() == 1


# --- hostile consent posts ---------------------------------------------------------------------


consent_payload = st.fixed_dictionaries(
    {},
    optional={
        "action": st.one_of(st.sampled_from(["accept", "decline"]), any_text),
        "source": st.one_of(st.sampled_from(["banner", "settings"]), any_text),
        "all_groups": st.sampled_from(["on", "", "off"]),
        "cookie_groups": st.one_of(st.sampled_from(["analytics", "necessary"]), any_text),
        "next": any_text,
        "gpc": st.sampled_from(["1", "0", ""]),
    },
)


@pytest.mark.django_db
@FUZZ
@given(data=consent_payload, ajax=st.booleans())
def test_hostile_consent_posts_never_error_and_refusals_store_nothing(home_page, data, ajax):
    client = Client()
    before = ConsentRecord.objects.count()
    headers = {"X-Requested-With": "XMLHttpRequest"} if ajax else {}
    response = client.post(DECIDE, data, headers=headers)
    assert response.status_code in (204, 302, 400), response.status_code
    body = response.content.decode()
    # Hostile text may be echoed (a back link), but only escaped: never as markup.
    assert SCRIPT not in body and "<img src=x" not in body
    if response.status_code == 400:
        assert ConsentRecord.objects.count() == before
        assert "cookie_consent" not in response.cookies
    else:
        assert ConsentRecord.objects.count() == before + 1
    if response.status_code == 302:
        location = response["Location"]
        # Never off-site, whatever "next" said.
        assert location.startswith("/") and not location.startswith(("//", "/\\"))
    for name, morsel in response.cookies.items():
        assert "\n" not in morsel.OutputString() and "\r" not in morsel.OutputString(), name


# --- hostile files for the importer ----------------------------------------------------------


def notice_text(hostile: str) -> str:
    return (
        "Tietosuojaseloste\n\n1. Rekisterinpitäjä\n"
        f"Esimerkki Oy {hostile}\n\n2. Rekisterin nimi\n{hostile}\n\n"
        f"3. Henkilötietojen käsittelyn tarkoitus\nAsiakassuhteen hoito. {hostile}\n"
    )


hostile_file = st.one_of(
    st.binary(max_size=2000),
    any_text.map(lambda t: notice_text(t).encode("utf-8", "surrogatepass")),
    any_text.map(lambda t: f"<html><body><h2>Rekisterinpitäjä</h2><p>{t}</p>{SCRIPT}".encode()),
    st.sampled_from([b"PK\x03\x04garbage", b"\xff\xfe\x00\x00", b"%PDF-1.7\n", b"MZ\x90\x00"]),
)


@pytest.mark.django_db
@FUZZ
@given(
    data=hostile_file,
    filename=st.sampled_from(["seloste.txt", "seloste.html", "seloste.docx", "x.pdf", "noext"]),
)
def test_importer_gives_a_clear_error_or_a_safe_draft(home_page, data, filename):
    before = PrivacyNoticePage.objects.count()
    locale = Locale.objects.get(language_code="fi")
    try:
        result = import_notice(data, filename, locale, parent=home_page)
    except NoticeImportError as error:
        assert str(error).strip()
        assert PrivacyNoticePage.objects.count() == before
        return
    page = result.page
    assert not page.live
    rendered = str(page.specific.body) + page.specific.intro
    assert SCRIPT not in rendered and "onerror=alert(1)>" not in rendered
    assert "\\u0000" not in json.dumps(page.specific.body.get_prep_value())


ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/notices/import/",
    "/admin/rights-requests/",
    "/admin/consent_records/",
    "/admin/consent_stats/",
    "/admin/cookie_groups/",
    "/admin/settings/seloste_cookies/consentsettings/",
    "/admin/snippets/",
    "/django-admin/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "no_admin_access"])
def test_admin_is_closed_to_visitors_and_to_users_without_admin_access(
    client, home_page, django_user_model, who
):
    if who:
        client.force_login(django_user_model.objects.create_user(who, "x@example.com", "pw"))
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
