"""What publishing a notice sets off: a recorded version, and re-consent after a material change.

Connected in `NoticesConfig.ready()` to Wagtail's `page_published`.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from cookies.consent import current_policy, request_reconsent

from .models import NoticeVersion, PrivacyNoticePage


def record_version(sender, instance, revision=None, **kwargs) -> None:
    """Every publish of a notice is a version; a material change asks visitors again."""
    if not isinstance(instance, PrivacyNoticePage) or not instance.live:
        return
    NoticeVersion.objects.create(
        page=instance,
        revision=revision,
        published_at=instance.last_published_at or timezone.now(),
        title=instance.title,
        change_summary=instance.change_summary or "",
        material_change=instance.material_change,
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
