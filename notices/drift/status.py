"""Translation drift: whether a translation made with wagtail-localize still says what its
original says.

A live page translation is behind when the source content its published revision was made from
is older than the live original. wagtail-localize freezes the source's content in a
TranslationSource at each sync (``last_updated_at``); the translation's live revision was made
from that content, or from an earlier one when the sync came after it (a sync without
"publish immediately" changes nothing readers see). So the content a live translation shows is
no newer than the earlier of the two, and anything the original published after that is not in
it, whether or not a sync happened.

Snippets keep no revisions: a snippet translation is behind when the original's words differ
from the content its translation was last made from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import Translation


@dataclass
class TranslationStatus:
    """Which version of its original a translation shows, and whether the original moved on."""

    translation: Translation
    source_language: str
    # When the original's content this translation shows was taken (at most).
    synced_at: datetime
    source_published_at: datetime | None
    is_behind: bool
    source_object: object = None
    target_object: object = None

    @property
    def is_page(self) -> bool:
        return isinstance(self.source_object, Page)

    @property
    def source_page(self) -> Page | None:
        return self.source_object if self.is_page else None

    @property
    def title(self) -> str:
        return self.translation.source.object_repr

    @property
    def kind(self) -> str:
        if self.source_object is None:
            return ""
        # Pages are fetched as plain Page rows; their content type names the page type.
        model = getattr(self.source_object, "specific_class", None) or type(self.source_object)
        return str(model._meta.verbose_name)

    @property
    def source_edit_url(self) -> str:
        return _edit_url(self.source_object)

    @property
    def target_edit_url(self) -> str:
        return _edit_url(self.target_object)

    @property
    def sync_url(self) -> str:
        return reverse("wagtail_localize:update_translations", args=[self.translation.source_id])


def _edit_url(instance) -> str:
    if instance is None:
        return ""
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    meta = instance._meta
    try:
        return reverse(
            f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[instance.pk]
        )
    except NoReverseMatch:
        return ""


def _page_status(translation: Translation, source: Page, target: Page) -> TranslationStatus | None:
    if not target.live or target.live_revision is None:
        return None
    synced_at = translation.source.last_updated_at
    made_at = target.live_revision.created_at
    basis = min(synced_at, made_at)
    published = source.last_published_at if source.live else None
    return TranslationStatus(
        translation=translation,
        source_language=translation.source.locale.language_code,
        synced_at=basis,
        source_published_at=published,
        is_behind=bool(published and published > basis),
        source_object=source,
        target_object=target,
    )


def _snippet_status(translation: Translation, source, target) -> TranslationStatus:
    frozen = json.loads(translation.source.content_json)
    current = json.loads(
        json.dumps(get_serializable_data_for_fields(source), cls=DjangoJSONEncoder)
    )
    # Only the words a translation carries: facts are shared and never fall behind.
    words = [f.field_name for f in get_translatable_fields(type(source)) if f.is_translated(source)]
    return TranslationStatus(
        translation=translation,
        source_language=translation.source.locale.language_code,
        synced_at=translation.source.last_updated_at,
        source_published_at=None,
        is_behind=any(frozen.get(name) != current.get(name) for name in words),
        source_object=source,
        target_object=target,
    )


def _statuses(translations) -> list[TranslationStatus]:
    # One query for the originals and translations of every page type (the status needs only
    # Page's own fields and the live revision) and one per snippet model, however many
    # translations there are: the dashboard shows this.
    translations = list(translations)

    def model_of(translation):
        model = translation.source.specific_content_type.model_class()
        return Page if model is not None and issubclass(model, Page) else model

    wanted: dict[type, set] = {}
    for translation in translations:
        model = model_of(translation)
        if model is not None:
            wanted.setdefault(model, set()).add(translation.source.object_id)
    found: dict[tuple, object] = {}
    for model, keys in wanted.items():
        objects = model._default_manager.filter(translation_key__in=keys)
        if model is Page:
            objects = objects.select_related("live_revision")
        for instance in objects:
            found.setdefault((model, instance.translation_key, instance.locale_id), instance)
    statuses = []
    for translation in translations:
        model = model_of(translation)
        key = translation.source.object_id
        source = found.get((model, key, translation.source.locale_id))
        target = found.get((model, key, translation.target_locale_id))
        if source is None or target is None:
            continue
        if isinstance(source, Page):
            status = _page_status(translation, source, target)
        else:
            status = _snippet_status(translation, source, target)
        if status is not None:
            statuses.append(status)
    return statuses


def _enabled_translations():
    return Translation.objects.filter(enabled=True).select_related(
        "source", "source__locale", "source__specific_content_type", "target_locale"
    )


def translation_status(page: Page) -> TranslationStatus | None:
    """The status of a page made by wagtail-localize; None for a source or hand-made page."""
    translations = _enabled_translations().filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        source__object__content_type=ContentType.objects.get_for_model(Page),
    )
    statuses = _statuses(translations[:1])
    return statuses[0] if statuses else None


def translations_behind() -> list[TranslationStatus]:
    """Every live translation, of a page or a snippet, that shows less than its original."""
    behind = [s for s in _statuses(_enabled_translations()) if s.is_behind]
    return sorted(behind, key=lambda s: (s.title, s.translation.target_locale.language_code))


def untranslated_texts(page: Page) -> list[str]:
    """Source texts the live translation `page` shows untranslated (in the original language).

    wagtail-localize publishes a translation with missing segments by showing the original's
    text in their place; these are those texts, as the original has them.
    """
    from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

    source = TranslationSource.objects.filter(
        object_id=page.translation_key,
        specific_content_type=ContentType.objects.get_for_model(page.specific_class),
    ).exclude(locale_id=page.locale_id)
    source = source.first()
    if source is None:
        return []
    segments = StringSegment.objects.filter(source=source).select_related("string")
    translated = set(
        StringTranslation.objects.filter(
            locale_id=page.locale_id,
            translation_of__in=segments.values("string"),
            context__in=segments.values("context"),
        )
        .exclude(data="")
        .values_list("translation_of_id", "context_id")
    )
    return [
        segment.string.data
        for segment in segments
        if (segment.string_id, segment.context_id) not in translated and segment.string.data.strip()
    ]
