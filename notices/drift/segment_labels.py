"""Translation segments named after what they are, in wagtail-localize's editor.

wagtail-localize labels a segment by the first two levels of its block, so every text of every
purpose reads "Purposes". Here the label follows the whole path: the list item with its number
and the field ("Purpose 2: Legitimate interest", "Retention 3: Retention period"), so a
translator can tell a title from a description. wagtail-localize has no hook for this, so its
function is wrapped once, when the app is ready.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.fields import StreamField


def segment_label(instance, content_path: str, field_path: str) -> str | None:
    """The label of the segment at `content_path`, or None where wagtail-localize's will do."""
    names = field_path.split(".")
    ids = content_path.split(".")
    field = instance._meta.get_field(names[0])
    if not isinstance(field, StreamField) or len(names) < 3 or len(ids) != len(names):
        return None
    stream = field.value_from_object(instance)
    child = next((c for c in stream if c.id == ids[1]), None)
    if child is None:
        return None
    block, value = child.block, child.value
    parts, item_label = [], None
    for name, key in zip(names[2:], ids[2:], strict=True):
        if isinstance(block, blocks.StructBlock):
            block = block.child_blocks[name]
            value = value.get(name) if value is not None else None
            if not isinstance(block, blocks.ListBlock):
                leaf = str(block.label)
                parts.append(_("title") if leaf == item_label else leaf)
        elif isinstance(block, blocks.ListBlock):
            items = list(value.bound_blocks) if value is not None else []
            number = next((i for i, item in enumerate(items, 1) if item.id == key), None)
            block = block.child_block
            item_label = str(block.label)
            parts.append(f"{item_label} {number}" if number else item_label)
            value = items[number - 1].value if number else None
        else:
            return None
    return capfirst(": ".join(parts)) if parts else None


# wagtail-localize writes its dates with strftime ("2 December 2026"), in English whatever the
# editor's language; day.month.year is how Finnish and Swedish write them and is never read
# month first.
DAY_FIRST_DATE = "%-d.%-m.%Y"


def install() -> None:
    """Wrap wagtail-localize's segment location so it carries the label from here."""
    from wagtail_localize import models as localize_models
    from wagtail_localize.views import edit_translation

    edit_translation.DATE_FORMAT = DAY_FIRST_DATE
    localize_models.DATE_FORMAT = DAY_FIRST_DATE

    original = edit_translation.get_segment_location_info
    if getattr(original, "seloste_labels", False):
        return

    def with_labels(source_instance, tab_helper, content_path, field_path, widget=False):
        info = original(source_instance, tab_helper, content_path, field_path, widget=widget)
        try:
            label = segment_label(source_instance, content_path, field_path)
        except (KeyError, AttributeError, TypeError, ValueError, LookupError):
            label = None  # a shape this does not know: wagtail-localize's own label stays
        if label:
            info["subField"] = label
        return info

    with_labels.seloste_labels = True
    edit_translation.get_segment_location_info = with_labels
