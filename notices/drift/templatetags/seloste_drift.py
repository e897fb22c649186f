from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from ..status import translation_status as get_translation_status
from ..status import untranslated_texts

register = template.Library()

# Languages that capitalise language names inside a sentence ("the Finnish version").
CAPITALISED_LANGUAGE_NAMES = {"en", "de"}


@register.inclusion_tag("notices/drift/translation_status.html", takes_context=True)
def translation_status(context: template.Context) -> dict:
    """On a translated page, which version of the original it follows, in the page's language."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or getattr(request, "is_preview", False):
        return {}
    if context.get("shown_version"):
        return {}  # an earlier version speaks for itself (its own banner says when it was)
    # Pages in the site's default language are the sources here; sparing them the lookup keeps
    # the most read pages one query lighter.
    if get_language() == settings.LANGUAGE_CODE:
        return {}
    status = get_translation_status(page)
    if status is None:
        return {}
    source_page = status.source_page if status.is_behind else None
    name = str(get_language_info(status.source_language)["name_translated"])
    if get_language() not in CAPITALISED_LANGUAGE_NAMES:
        name = name.lower()  # "den finska versionen", not "den Finska versionen"
    untranslated = untranslated_texts(page)
    return {
        "status": status,
        "untranslated_count": len(untranslated),
        "source_language_name": name,
        "source_language": status.source_language,
        "source_url": source_page.get_url(request=request) if source_page else "",
    }
