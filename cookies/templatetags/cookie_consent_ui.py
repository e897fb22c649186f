from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def consent_ui(context) -> str:
    """Everything the consent machinery needs on a page; filled in by the consent feature."""
    return ""
