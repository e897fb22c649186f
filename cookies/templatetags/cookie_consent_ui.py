"""The one tag a host site puts in its base template: banner, footer link, consent script."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cookies.ui import ui_context

register = template.Library()


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
        "cookies/consent_ui.html", {**ui, "next_url": request.get_full_path()}, request=request
    )
