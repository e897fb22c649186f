"""What publishing a notice sets off: a frozen version, and re-consent after a material change.

Connected in `NoticesConfig.ready()` to Wagtail's `page_published`.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from cookies.consent import current_policy, request_reconsent

from .models import NoticeVersion, PrivacyNoticePage
from .templatetags.seloste_language import mark_language


def record_version(sender, instance, revision=None, **kwargs) -> None:
    """Every publish of a notice is a version; a material change asks visitors again."""
    if not isinstance(instance, PrivacyNoticePage) or not instance.live:
        return
    language = instance.locale.language_code
    sections_html, record = freeze_sections(instance, language)
    NoticeVersion.objects.create(
        page=instance,
        revision=revision,
        published_at=instance.last_published_at or timezone.now(),
        title=instance.title,
        change_summary=instance.change_summary or "",
        material_change=instance.material_change,
        language=language,
        intro=instance.intro,
        sections_html=sections_html,
        record=record,
    )
    if instance.material_change:
        request_reconsent_for(instance, revision)
    # The flags belong to this publish only; the next one starts clean.
    if instance.material_change or instance.change_summary:
        type(instance).objects.filter(pk=instance.pk).update(
            material_change=False, change_summary=""
        )


def request_reconsent_for(page: PrivacyNoticePage, revision: Revision | None) -> None:
    """Tell the cookies app the notice changed materially, so visitors are asked again.

    Translations carry the flag over from their source (wagtail-localize synchronises it), so
    publishing them the same day is the same change and does not ask visitors a second time.
    """
    _version, last_revision_id = current_policy()
    last = Revision.objects.filter(pk=last_revision_id).only("object_id", "created_at")
    last = last.first() if last_revision_id else None
    if last is not None and str(last.object_id) != str(page.pk):
        recent = last.created_at > timezone.now() - timedelta(days=1)
        translation_of_it = type(page).objects.filter(
            pk=last.object_id, translation_key=page.translation_key
        )
        if recent and translation_of_it.exists():
            return
    reason = page.change_summary or str(_("The privacy notice changed materially."))
    request_reconsent(reason, revision_id=revision.pk if revision else None)


def freeze_sections(page: PrivacyNoticePage, language: str) -> tuple[str, dict]:
    """The sections as a reader of `language` sees them now, and the records they name.

    Rendered outside any cache, so the HTML holds today's contact details, authority and
    cookie declarations, which is what the version must go on showing after they change.
    """
    with translation.override(language):
        html = render_to_string(
            "notices/includes/sections.html",
            {"page": page, "self": page, "sections": page.sections},
        )
        html = mark_language(html, page.untranslated_texts())
        record = records_in_force(page)
    return html, record


def records_in_force(page: PrivacyNoticePage) -> dict:
    """The snippet values and cookie declarations a notice names, as plain data."""
    from cookies.declarations import declared_cookie_groups

    from .models import SupervisoryAuthority

    def represent(value):
        return value.api_representation() if value is not None else None

    complaint = next(iter(page.blocks_of_type("complaint")), None)
    authority = None
    if complaint is not None:
        controller = page.controller
        authority = complaint.get("authority") or SupervisoryAuthority.default(
            controller.country if controller else None
        )
    officer = next(iter(page.blocks_of_type("data_protection_officer")), None)
    return {
        "controller": represent(page.controller),
        "contact_person": represent(page.contact_person),
        "data_protection_officer": represent(officer.get("person") if officer else None),
        "supervisory_authority": represent(authority),
        "cookie_groups": [dataclasses.asdict(g) for g in declared_cookie_groups()],
    }
