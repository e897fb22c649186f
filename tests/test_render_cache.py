"""The notice's rendered sections are cached by what they are made of: any change shows at once."""

from django.core.cache import cache
from django.test import Client

from notices.models import Organisation

NOTICE_URL = "/fi/tietosuojaseloste/"


def test_cached_sections_follow_the_body_the_snippets_and_the_declarations(
    demo, django_assert_max_num_queries
):
    cache.clear()
    client = Client()
    first = client.get(NOTICE_URL).content.decode()
    # A warm page takes its sections from the cache: fewer queries than the 12 of a cold one.
    with django_assert_max_num_queries(11):
        assert client.get(NOTICE_URL).content.decode() == first

    notice = demo["notice"]
    raw = list(notice.body.raw_data)
    policy = next(item for item in raw if item["type"] == "change_policy")
    policy["value"]["text"] = "Muutoksista kerrotaan tällä sivulla kuukautta etukäteen."
    notice.body = raw
    notice.save_revision().publish()
    assert "kuukautta etukäteen" in client.get(NOTICE_URL).content.decode()

    organisation = Organisation.objects.get()
    organisation.name = "Revontuli Uusi Nimi Oy"
    organisation.save()
    assert "Revontuli Uusi Nimi Oy" in client.get(NOTICE_URL).content.decode()

    from cookie_consent.models import Cookie

    cookie = Cookie.objects.filter(name="_ga").first()
    cookie.description = "Erottaa kävijät toisistaan (testimuutos)."
    cookie.save()
    assert "testimuutos" in client.get(NOTICE_URL).content.decode()


def test_a_template_override_shows_at_once_after_a_restart(demo, tmp_path, settings):
    """A host's override (or a deploy's new template) is part of the cache key: the cached
    sections of the code that ran before are never served again."""
    from notices.render_cache import code_version

    cache.clear()
    client = Client()
    before = client.get(NOTICE_URL).content.decode()
    override = tmp_path / "notices" / "blocks" / "change_policy.html"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="host-override">Our own change policy.</p>', encoding="utf-8")
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    code_version.cache_clear()  # what a restart does
    try:
        after = client.get(NOTICE_URL).content.decode()
    finally:
        code_version.cache_clear()
    assert 'class="host-override"' not in before
    assert 'class="host-override"' in after
