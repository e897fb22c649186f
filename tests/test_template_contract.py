"""What the add-on's templates need from a host's base template, and what a host may change.

A host's base.html is whatever it is: `wagtail start` gives `extra_css` and `extra_js`, older
sites `extra_head`, some both. Each base below is served as "base.html" ahead of the project's
own (a locmem loader first), so the real notice, form and banner templates render into it.
"""

import json
import re

import pytest
from django.test import override_settings

from tests.factories import (
    ContactPersonFactory,
    OrganisationFactory,
    PrivacyNoticePageFactory,
    RightsRequestPageFactory,
    complete_body,
)

NOTICE_URL = "/fi/tietosuojaseloste/"
FORM_URL = "/fi/tietosuojaseloste/pyynto/"

# As `wagtail start` writes it, with the three Seloste tags the docs ask for.
WAGTAIL_START_BASE = """{% load static wagtailcore_tags seloste_consent %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{% consent_head %}
<title>{% block title %}{{ page.title }}{% endblock %}</title>
<script src="/static/js/host-tag-manager.js"></script>
{% block extra_css %}{% endblock %}
</head><body class="{% block body_class %}{% endblock %}">
{% block content %}{% endblock %}
<footer>{% consent_ui %}</footer>
<script src="{% static 'js/host.js' %}"></script>
{% block extra_js %}{% endblock %}
</body></html>"""
EXTRA_HEAD_BASE = """{% load seloste_consent %}<!DOCTYPE html>
<html lang="en"><head><title>{% block title %}{% endblock %}</title>
{% block extra_head %}{% endblock %}</head>
<body>{% block content %}{% endblock %}<footer>{% consent_ui %}</footer></body></html>"""
BOTH_BASE = """{% load seloste_consent %}<!DOCTYPE html>
<html lang="en"><head>{% consent_head %}<title>{% block title %}{% endblock %}</title>
{% block extra_css %}{% endblock %}{% block extra_head %}{% endblock %}</head>
<body>{% block content %}{% endblock %}<footer>{% consent_ui %}</footer>
{% block extra_js %}{% endblock %}</body></html>"""
# Neither block: the notice and the form still work, unstyled, and the honeypot stays hidden.
BARE_BASE = """{% load seloste_consent %}<!DOCTYPE html><html lang="en"><head>
<title>{% block title %}{% endblock %}</title></head>
<body>{% block content %}{% endblock %}<footer>{% consent_ui %}</footer></body></html>"""


@pytest.fixture(autouse=True)
def addon_stylesheets(settings):
    """As a host has them: the demo joins the add-ons' stylesheets into its own instead."""
    settings.SELOSTE_BANNER_CSS = True
    settings.SELOSTE_NOTICE_CSS = True


def templates_with(**overrides: str) -> list[dict]:
    from django.conf import settings

    engine = dict(settings.TEMPLATES[0])
    options = {k: v for k, v in engine["OPTIONS"].items() if k != "loaders"}
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", overrides),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return [{**engine, "APP_DIRS": False, "OPTIONS": options}]


@pytest.fixture
def notice_with_form(home_page):
    organisation = OrganisationFactory()
    person = ContactPersonFactory()
    notice = PrivacyNoticePageFactory(
        parent=home_page,
        title="Tietosuojaseloste",
        slug="tietosuojaseloste",
        body=json.dumps(complete_body(organisation, person)),
    )
    notice.save_revision().publish()
    form_page = RightsRequestPageFactory(parent=notice, slug="pyynto")
    form_page.save_revision().publish()
    return notice


def head_of(html: str) -> str:
    return html[: html.index("</head>")]


def scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>", html)


@pytest.mark.django_db
def test_wagtail_start_base_gets_css_in_extra_css_and_js_in_extra_js(notice_with_form, client):
    with override_settings(TEMPLATES=templates_with(**{"base.html": WAGTAIL_START_BASE})):
        notice = client.get(NOTICE_URL).content.decode()
        form = client.get(FORM_URL).content.decode()
    assert "seloste/notices/notice.css" in head_of(notice)
    assert "seloste/cookies/consent.css" in head_of(notice)
    assert "seloste/rights/request-form.css" in head_of(form)
    # The form's script comes with extra_js, after the host's own scripts.
    assert form.index("seloste/rights/request-form.js") > form.index("js/host.js")
    # Consent Mode's default is the first script, before the host's tag manager.
    assert scripts(notice)[0] == "<script>"
    assert 'gtag("consent","default"' in notice.split("host-tag-manager.js")[0]
    for html in (notice, form):
        assert html.count('gtag("consent","default"') == 1
        assert html.count("seloste/cookies/consent.css") == 1


@pytest.mark.django_db
def test_extra_head_base_gets_everything_there(notice_with_form, client):
    with override_settings(TEMPLATES=templates_with(**{"base.html": EXTRA_HEAD_BASE})):
        notice = client.get(NOTICE_URL).content.decode()
        form = client.get(FORM_URL).content.decode()
    assert "seloste/notices/notice.css" in head_of(notice)
    assert "seloste/rights/request-form.css" in head_of(form)
    assert "seloste/rights/request-form.js" in head_of(form)
    # Without consent_head, consent_ui brings the default itself, before its own script.
    assert notice.index('gtag("consent","default"') < notice.index("seloste/cookies/consent.js")
    assert notice.count('gtag("consent","default"') == 1


@pytest.mark.django_db
def test_a_base_with_every_block_gets_each_file_once(notice_with_form, client):
    with override_settings(TEMPLATES=templates_with(**{"base.html": BOTH_BASE})):
        notice = client.get(NOTICE_URL).content.decode()
        form = client.get(FORM_URL).content.decode()
    assert notice.count("seloste/notices/notice.css") == 1
    assert form.count("seloste/rights/request-form.css") == 1
    assert form.count("seloste/rights/request-form.js") == 1
    assert notice.count('gtag("consent","default"') == 1


@pytest.mark.django_db
def test_without_any_block_the_honeypot_is_still_hidden(notice_with_form, client):
    with override_settings(TEMPLATES=templates_with(**{"base.html": BARE_BASE})):
        form = client.get(FORM_URL).content.decode()
    assert "request-form.css" not in form
    assert '<div class="hp-field" hidden>' in form


@pytest.mark.django_db
def test_banner_css_can_be_turned_off(home_page, client, settings):
    settings.SELOSTE_BANNER_CSS = False
    html = client.get("/fi/").content.decode()
    assert "seloste/cookies/consent.css" not in html
    assert 'id="cc-banner"' in html and "seloste/cookies/consent.js" in html


BANNER_OVERRIDE = """{% extends "cookies/banner.html" %}{% load i18n %}
{% block banner_title %}<h2 id="cc-banner-title" class="host-title">Evästeet meillä</h2>
{% endblock %}
{% block banner_text %}<p class="host-text">Oma tekstimme.</p>{{ block.super }}{% endblock %}"""


@pytest.mark.django_db
def test_a_host_overrides_banner_blocks_and_keeps_the_rest(home_page, client):
    with override_settings(TEMPLATES=templates_with(**{"cookies/banner.html": BANNER_OVERRIDE})):
        html = client.get("/fi/").content.decode()
    assert '<h2 id="cc-banner-title" class="host-title">Evästeet meillä</h2>' in html
    assert '<p class="host-text">Oma tekstimme.</p>' in html
    # What consent.js relies on is still there: the ids and the decision form's buttons.
    assert 'id="cc-banner"' in html and 'id="cc-saved"' in html
    assert ">Hyväksy kaikki</button>" in html and ">Hylkää kaikki</button>" in html
    assert 'name="action" value="accept"' in html and 'name="action" value="decline"' in html
