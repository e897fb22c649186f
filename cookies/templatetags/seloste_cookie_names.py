"""`{% cookie_name cookie %}`: a declared cookie's name as the visitor's browser shows it.

A declaration may stand for a family of names, written with what varies in angle brackets
(`_ga_<container-id>`). Readers are shown the real name where the site knows it (Google
Analytics names its cookie after the site's measurement ID), otherwise the fixed part and
words saying that the rest varies, never the placeholder.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from wagtail.models import Site

from cookies.models import ConsentSettings

register = template.Library()

# Placeholders Google Analytics fills with the measurement ID without its "G-".
MEASUREMENT_PLACEHOLDERS = {"container-id", "measurement-id", "stream-id"}


def measurement_id(context: template.Context) -> str:
    cache = context.render_context
    if "seloste_measurement_id" not in cache:
        request = context.get("request")
        if request is not None and getattr(request, "META", None) is not None:
            setting = ConsentSettings.for_request(request)
        else:
            page = context.get("page")
            site = page.get_site() if page is not None else None
            site = site or Site.objects.filter(is_default_site=True).first()
            setting = ConsentSettings.for_site(site) if site else None
        cache["seloste_measurement_id"] = setting.ga_measurement_id if setting else ""
    return cache["seloste_measurement_id"]


def shown_name(name: str, measurement: str = "") -> tuple[str, bool]:
    """(the name to show, whether its end still varies)."""
    prefix, bracket, rest = name.partition("<")
    if not bracket:
        return name, False
    placeholder = rest.partition(">")[0].strip().lower()
    if placeholder in MEASUREMENT_PLACEHOLDERS and measurement.startswith("G-"):
        return prefix + measurement.removeprefix("G-") + rest.partition(">")[2], False
    return prefix, True


@register.simple_tag(takes_context=True)
def cookie_name(context: template.Context, cookie) -> SafeString:
    # A live declaration, or a row of a stored declaration version (the admin's evidence).
    declared = cookie["name"] if isinstance(cookie, dict) else cookie.name
    name, varies = shown_name(declared, measurement_id(context))
    if not varies:
        return format_html("<code>{}</code>", name)
    return format_html(
        '<code>{}…</code> <span class="cc-name-varies">{}</span>',
        name,
        gettext("(the rest of the name varies)"),
    )
