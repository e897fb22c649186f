"""Embedded media behind consent: Wagtail's EmbedBlock and rich-text embeds and the
external_media tag render placeholders whose content fetches nothing until it is loaded."""

import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import expand_db_html

from cookies.media import frame_sources, privacy_enhanced, provider_for
from cookies.models import BannerVersion, ExternalMediaProvider

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
VIDEO_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/aqz-KE-bpKQ?'
    'feature=oembed" frameborder="0" allowfullscreen title="Big Buck Bunny"></iframe>'
)
MAP = '<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" height="450"></iframe>'


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def video_embed(db) -> Embed:
    """What Wagtail's oEmbed finder stores for the video, so nothing reaches the internet."""
    return Embed.objects.create(
        url=VIDEO,
        hash=get_embed_hash(VIDEO),
        type="video",
        html=VIDEO_HTML,
        title="Big Buck Bunny",
        provider_name="YouTube",
        width=200,
        height=113,
    )


def outside_templates(html: str) -> str:
    """The markup a browser acts on at once: everything but the inert <template> content."""
    return re.sub(r"<template\b.*?</template>", "", html, flags=re.DOTALL)


def template_content(html: str) -> str:
    return re.search(r"<template\b[^>]*>(.*?)</template>", html, flags=re.DOTALL).group(1)


@pytest.mark.django_db
def test_an_embed_block_is_a_placeholder_until_consent(video_embed):
    html = EmbedBlock().render(EmbedBlock().to_python(VIDEO))
    shown = outside_templates(html)
    assert "youtube.com/embed" not in shown and "<iframe" not in shown
    assert 'data-cc-media="external_media"' in html
    assert "YouTube" in shown and "https://policies.google.com/privacy" in shown
    assert ">Lataa tämä video</button>" in shown
    assert ">Salli aina ulkoinen media</button>" in shown
    assert 'name="source" value="media"' in shown
    assert f'href="{VIDEO}"' in shown  # open it on YouTube instead
    # Loaded, it plays from YouTube's privacy-enhanced address.
    frame = template_content(html)
    assert 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?feature=oembed"' in frame
    assert "www.youtube.com" not in frame
    assert 'class="cc-media cc-ratio-16x9"' in html


@pytest.mark.django_db
def test_an_embed_in_rich_text_is_a_placeholder_too(video_embed):
    html = expand_db_html(f'<p>Katso:</p><embed embedtype="media" url="{VIDEO}"/>')
    assert "<iframe" not in outside_templates(html)
    assert "youtube-nocookie.com" in template_content(html)


@pytest.mark.django_db
def test_the_tag_wraps_any_iframe_and_names_a_map_as_one():
    template = Template(
        "{% load seloste_consent %}"
        '{% external_media kind="map" title="Toimisto" width=600 height=450 %}'
        + MAP
        + "{% endexternal_media %}"
    )
    html = template.render(Context())
    shown = outside_templates(html)
    assert "<iframe" not in shown
    assert "Kartta: Toimisto" in shown and "Google Maps" in shown
    assert ">Lataa tämä kartta</button>" in shown
    assert 'class="cc-media cc-ratio-4x3"' in html
    assert 'title="Toimisto"' in template_content(html)  # a frame needs a name


@pytest.mark.django_db
def test_an_undeclared_provider_still_waits_for_external_media():
    frame = '<iframe src="https://player.example.net/v/1"></iframe>'
    html = Template(
        "{% load seloste_consent %}{% external_media %}" + frame + "{% endexternal_media %}"
    ).render(Context())
    assert "<iframe" not in outside_templates(html)
    assert "player.example.net" in outside_templates(html)
    assert 'data-cc-media="external_media"' in html


@pytest.mark.django_db
def test_html_that_fetches_nothing_is_left_as_it_is():
    html = Template(
        "{% load seloste_consent %}{% external_media %}<p>Ei upotusta</p>{% endexternal_media %}"
    ).render(Context())
    assert html == "<p>Ei upotusta</p>"


@pytest.mark.django_db
def test_the_placeholder_text_is_a_version_of_its_own(video_embed):
    EmbedBlock().render(EmbedBlock().to_python(VIDEO))
    EmbedBlock().render(EmbedBlock().to_python(VIDEO))
    version = BannerVersion.objects.get(surface="media", language="fi")
    assert "Google Ireland Limited" in version.html or "Yhdysvalloissa" in version.html
    html = EmbedBlock().render(EmbedBlock().to_python(VIDEO))
    assert f'name="banner_version" value="{version.pk}"' in html


@pytest.mark.django_db
def test_providers_are_found_by_host_and_path():
    assert provider_for("https://www.youtube-nocookie.com/embed/x").name == "YouTube"
    assert provider_for("https://youtu.be/x").name == "YouTube"
    assert provider_for("https://player.vimeo.com/video/1").name == "Vimeo"
    assert provider_for("https://www.google.com/maps/embed?pb=1").name == "Google Maps"
    assert provider_for("https://www.google.com/search?q=1").name == "www.google.com"
    assert provider_for("https://notyoutube.com/x").name == "notyoutube.com"


@pytest.mark.django_db
def test_a_declared_provider_is_allowed_as_a_frame_source():
    ExternalMediaProvider.objects.create(
        name="Kartat Oy",
        cookie_group_id=ExternalMediaProvider.objects.first().cookie_group_id,
        hosts="kartat.example",
    )
    sources = frame_sources()
    assert "https://*.youtube-nocookie.com" in sources
    assert "https://www.google.com/maps" in sources
    assert "https://kartat.example" in sources


def test_privacy_enhanced_addresses():
    assert privacy_enhanced("https://www.youtube.com/embed/x?feature=oembed") == (
        "https://www.youtube-nocookie.com/embed/x?feature=oembed"
    )
    assert privacy_enhanced("https://player.vimeo.com/video/1?h=ab") == (
        "https://player.vimeo.com/video/1?h=ab&dnt=1"
    )
    assert (
        privacy_enhanced("https://www.youtube.com/watch?v=x") == "https://www.youtube.com/watch?v=x"
    )


def test_a_host_template_that_bypasses_the_placeholder_is_reported(settings, tmp_path):
    from django.core import checks

    folder = tmp_path / "wagtailembeds"
    folder.mkdir()
    (folder / "embed_frontend.html").write_text("{{ embed.html|safe }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    messages = [m for m in checks.run_checks(tags=["templates"]) if m.id == "seloste_cookies.W001"]
    assert messages and "before consent" in messages[0].msg
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    assert not [m for m in checks.run_checks(tags=["templates"]) if m.id == "seloste_cookies.W001"]


@pytest.mark.django_db
def test_the_demo_home_page_shows_its_video_as_a_placeholder_offline(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    html = client.get("/fi/").content.decode()
    assert "<iframe" not in outside_templates(html)
    assert "youtube-nocookie.com/embed/jNQXAC9IVRw" in template_content(html)
    assert "Video: Me at the zoo" in html


@pytest.mark.django_db
def test_an_editor_can_delete_a_group_that_has_providers(client, django_user_model):
    from django.urls import reverse

    youtube = ExternalMediaProvider.objects.get(name="YouTube")
    group = youtube.cookie_group
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.fi", "x"))
    response = client.post(reverse("cookie_groups:delete", args=[group.pk]))
    assert response.status_code == 302
    assert not ExternalMediaProvider.objects.filter(cookie_group_id=group.pk).exists()
    cache.clear()
    # Its embeds still wait behind a placeholder, now named after the host.
    assert provider_for(VIDEO).name == "www.youtube.com"
