"""Translation drift: whether a page translated with wagtail-localize still follows its source.

wagtail-localize freezes the source's content in a TranslationSource each time an editor submits
or syncs a translation (``last_updated_at``). When the source page is published after that, the
translation renders an older version of the source until someone syncs it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, QuerySet, Subquery
from wagtail.models import Page
from wagtail_localize.models import Translation


@dataclass
class TranslationStatus:
    """Which version of its source a translated page follows, and whether the source moved on."""

    translation: Translation
    source_language: str
    # When the source content this translation renders was taken from the source page.
    synced_at: datetime
    source_published_at: datetime | None

    @property
    def is_behind(self) -> bool:
        return bool(self.source_published_at and self.source_published_at > self.synced_at)

    @property
    def source_page(self) -> Page | None:
        return (
            Page.objects.filter(
                translation_key=self.translation.source.object_id,
                locale_id=self.translation.source.locale_id,
            )
            .live()
            .first()
        )


def _page_translations() -> QuerySet:
    """Enabled (synced) translations of pages, with when their source page was last published."""
    source_page = Page.objects.filter(
        translation_key=OuterRef("source__object_id"), locale_id=OuterRef("source__locale_id")
    )
    target_page = Page.objects.filter(
        translation_key=OuterRef("source__object_id"), locale_id=OuterRef("target_locale_id")
    )
    return (
        Translation.objects.filter(
            enabled=True,
            source__object__content_type=ContentType.objects.get_for_model(Page),
        )
        .select_related("source", "source__locale", "target_locale")
        .annotate(
            source_published_at=Subquery(source_page.values("last_published_at")[:1]),
            source_page_id=Subquery(source_page.values("pk")[:1]),
            target_page_id=Subquery(target_page.values("pk")[:1]),
        )
    )


def translation_status(page: Page) -> TranslationStatus | None:
    """The status of a page made by wagtail-localize; None for a source or hand-made page."""
    translation = (
        _page_translations()
        .filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
        .first()
    )
    if translation is None:
        return None
    return TranslationStatus(
        translation=translation,
        source_language=translation.source.locale.language_code,
        synced_at=translation.source.last_updated_at,
        source_published_at=translation.source_published_at,
    )


def translations_behind() -> QuerySet:
    """Every synced page translation whose source was published after its last sync."""
    return (
        _page_translations()
        .filter(source_published_at__gt=F("source__last_updated_at"))
        .order_by("source__object_repr", "target_locale__language_code")
    )
