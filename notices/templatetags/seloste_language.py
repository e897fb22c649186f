"""`{% filter mark_language:fallback %}…{% endfilter %}`: text in another language, marked."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def mark_language(html: str, fallback: dict | None) -> str:
    """Wraps each of `fallback["texts"]` found as a text of `html` in an element with its `lang`.

    A translation published with untranslated texts shows the original's words in their place;
    marked, screen readers pronounce them in that language and readers see them set apart.
    """
    if not fallback or not fallback.get("texts"):
        return html
    language = fallback["language"]
    html = str(html)
    for text in sorted(fallback["texts"], key=len, reverse=True):
        for line in filter(None, (part.strip() for part in text.splitlines())):
            escaped = re.escape(str(conditional_escape(line)))
            html = re.sub(
                rf"(?<=>)(\s*)({escaped})(\s*)(?=<)",
                lambda m: (
                    f'{m.group(1)}<span lang="{language}" class="untranslated">'
                    f"{m.group(2)}</span>{m.group(3)}"
                ),
                html,
            )
    return mark_safe(html)


register.filter("mark_language", mark_language, is_safe=True)
