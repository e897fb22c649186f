"""The template tags a host site puts in its base template.

``{% consent_head %}`` first in ``<head>``: Google's Consent Mode default (everything denied),
before any other script can load a Google tag, and the banner's stylesheet.
``{% consent_ui %}`` in the footer: the link to the cookie settings, the banner and the script
that applies the visitor's choice. Without ``consent_head`` it brings the default and the
stylesheet itself, still before its own script.
``{% external_media %}…{% endexternal_media %}`` around any iframe (a map, a video, a widget):
a consent placeholder until the visitor loads it or accepts its provider's cookie group.
"""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.base import Parser, Token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cookies.media import embed_placeholder, placeholder
from cookies.ui import ui_context

register = template.Library()

# What one response has already had, so each piece is on a page exactly once.
EMITTED_ATTRIBUTE = "_seloste_consent_emitted"


def first_time(request: HttpRequest | None, piece: str) -> bool:
    """True the first time `piece` is asked for while this request's page is rendered."""
    if request is None:
        return True
    emitted = request.__dict__.setdefault(EMITTED_ATTRIBUTE, set())
    if piece in emitted:
        return False
    emitted.add(piece)
    return True


def banner_css_enabled() -> bool:
    """SELOSTE_BANNER_CSS = False leaves the banner's look to the host's own stylesheet."""
    return bool(getattr(settings, "SELOSTE_BANNER_CSS", True))


def head_context(request: HttpRequest | None) -> dict:
    return {
        "consent_default": first_time(request, "consent-default"),
        "banner_css": banner_css_enabled() and first_time(request, "banner-css"),
    }


@register.simple_tag(takes_context=True)
def consent_head(context: template.Context) -> SafeString:
    """Consent Mode's default and the banner's stylesheet: put it first in ``<head>``."""
    request = context.get("request")
    return render_to_string("cookies/consent_head.html", head_context(request), request=request)


@register.simple_tag(takes_context=True)
def consent_ui(context: template.Context) -> SafeString:
    """Everything consent needs on a page, the same bytes for every visitor.

    The server decides only what is the same for everyone (texts, versions, the measurement
    ID); the script reads the visitor's consent cookie and applies it in the browser.
    """
    request = context.get("request")
    if request is None:
        return SafeString("")
    ui = ui_context(request)
    return render_to_string(
        "cookies/consent_ui.html",
        {**ui, **head_context(request), "next_url": request.get_full_path()},
        request=request,
    )


@register.simple_tag
def external_media_for(embed) -> SafeString:
    """A Wagtail embed (wagtail.embeds' Embed) as a consent placeholder."""
    return embed_placeholder(embed)


class ExternalMediaNode(template.Node):
    def __init__(self, nodelist: template.NodeList, options: dict) -> None:
        self.nodelist = nodelist
        self.options = options

    def render(self, context: template.Context) -> str:
        options = {name: value.resolve(context) for name, value in self.options.items()}
        return placeholder(self.nodelist.render(context), **options)


@register.tag
def external_media(parser: Parser, token: Token) -> ExternalMediaNode:
    """Wrap any iframe (or other embed HTML) so it loads only with consent:

        {% external_media kind="map" title="Our office" link="https://maps.google.com/…" %}
          <iframe src="https://www.google.com/maps/embed?pb=…"></iframe>
        {% endexternal_media %}

    `kind` is "video" (the default), "map" or "content"; `title` names it on the placeholder;
    `link` is where a visitor can open it on the provider's own site instead; `width` and
    `height` give its shape. All are optional.
    """
    options = {}
    for bit in token.split_contents()[1:]:
        name, equals, value = bit.partition("=")
        if not equals or name not in ("kind", "title", "link", "width", "height"):
            raise template.TemplateSyntaxError(
                f"external_media takes kind=, title=, link=, width= and height=, not {bit!r}"
            )
        options[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endexternal_media",))
    parser.delete_first_token()
    return ExternalMediaNode(nodelist, options)
