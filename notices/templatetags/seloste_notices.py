"""Template tags of the notice's own templates (library ``seloste_notices``)."""

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token

register = template.Library()

EMITTED_ATTRIBUTE = "_seloste_notices_emitted"


class OnceNode(template.Node):
    def __init__(self, key: FilterExpression, nodelist: NodeList) -> None:
        self.key = key
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        # Per response; without a request, per template context (extends and includes share it).
        holder = request.__dict__ if request is not None else context.dicts[0]
        emitted = holder.setdefault(EMITTED_ATTRIBUTE, set())
        key = self.key.resolve(context)
        if key in emitted:
            return ""
        emitted.add(key)
        return self.nodelist.render(context)


@register.tag("seloste_once")
def do_once(parser: Parser, token: Token) -> OnceNode:
    """``{% seloste_once "key" %}…{% endseloste_once %}``: the content only the first time.

    The notice's stylesheets are offered in both ``extra_css`` (the block `wagtail start`'s
    base.html has) and ``extra_head`` (older hosts): whichever the host's base template has,
    and first, gets them, and a base template with both gets them once.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument, a key")
    nodelist = parser.parse(("endseloste_once",))
    parser.delete_first_token()
    return OnceNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def notice_css_enabled() -> bool:
    """SELOSTE_NOTICE_CSS = False leaves out the notice's and the request form's stylesheets,
    for a site that joins them into its own (as the demo does, one stylesheet per page)."""
    return bool(getattr(settings, "SELOSTE_NOTICE_CSS", True))
