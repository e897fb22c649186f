"""Hypothesis throws arbitrary input at the request form: never a 500, never a lost request."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from notices.rights.forms import RightsRequestForm
from notices.rights.limits import normalise_email
from notices.rights.models import RequestNote, RequestType, RightsRequest

FORM_URL = "/fi/tietosuojaseloste/pyynto/"
FUZZ = hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Lone surrogates cannot be sent as UTF-8 at all, so a browser could never post them.
any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
long_text = st.text(alphabet="aä\n <>&\"'", min_size=4990, max_size=5010)
hostile = st.sampled_from(
    [
        "",
        "   ",
        "<script>alert(1)</script>",
        "a\r\nBcc: victim@example.com",
        "x\x00y",
        "=cmd|' /C calc'!A0",
        "'; DROP TABLE notices_rightsrequest; --",
        "\u202e\u2028\ufeff",
        "ä" * 201,
    ]
)


def field(*extra):
    return st.one_of(any_text, hostile, *extra)


arbitrary_payload = st.fixed_dictionaries(
    {
        "request_type": field(st.sampled_from(RequestType.values)),
        "name": field(),
        "email": field(st.emails()),
        "message": field(long_text),
    },
    optional={
        "phone": field(st.from_regex(r"\+?[0-9 ]{5,20}", fullmatch=True)),
        "website": st.sampled_from(["", "", "", "http://spam.example"]),
        "csrfmiddlewaretoken": any_text,
    },
)

# Input a real person would type: every such submission must be stored.
plain_text = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Zl", "Zp"], blacklist_characters="\x85"
    ),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())
valid_payload = st.fixed_dictionaries(
    {
        "request_type": st.sampled_from(RequestType.values),
        # A name has a letter in it (the form refuses one of only digits or invisible marks).
        "name": plain_text.filter(lambda s: any(c.isalpha() for c in s)),
        "email": st.from_regex(
            r"[a-z][a-z0-9_]{0,10}(\.[a-z0-9_]{1,10})?@[a-z]{2,12}\.(fi|se|com)", fullmatch=True
        ),
        "message": st.one_of(plain_text, long_text.map(lambda s: s[:5000])).filter(
            lambda s: any(c.isalnum() for c in s)
        ),
    },
    optional={"phone": st.from_regex(r"\+358 ?[0-9]{2} ?[0-9]{6,7}", fullmatch=True)},
)


@pytest.fixture
def form_page(fi_notice, settings):
    # Rate limits are tested elsewhere; here every example must reach the form logic.
    settings.SELOSTE_REQUEST_RATE_LIMITS = {"address": (10**6, 3600), "email": (10**6, 3600)}
    return fi_notice


def is_stored(data: dict) -> bool:
    request = RightsRequest.objects.filter(
        email_key=normalise_email(data["email"]), request_type=data["request_type"]
    ).first()
    return request is not None


@FUZZ
@given(data=arbitrary_payload)
def test_arbitrary_input_never_errors_and_valid_input_is_kept(form_page, client, data):
    before = RightsRequest.objects.count() + RequestNote.objects.count()
    response = client.post(FORM_URL, data)
    assert response.status_code in (200, 302)
    form = RightsRequestForm(data)
    if form.is_valid():
        assert response.status_code == 302
        assert is_stored(form.cleaned_data)
    else:
        assert response.status_code == 200
        assert b"error-summary" in response.content
        assert RightsRequest.objects.count() + RequestNote.objects.count() == before


@FUZZ
@given(data=valid_payload)
def test_what_a_person_types_is_always_stored(form_page, client, data):
    response = client.post(FORM_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert is_stored(data)
