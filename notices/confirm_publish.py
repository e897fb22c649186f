"""Publishing an incomplete notice asks first: the findings, in words, before it goes live.

Wagtail saves the revision and then runs `before_publish_page`; a response from the hook stops
the publish there. The draft keeps every edit, and the editor either goes back to it or
publishes that very revision anyway from the confirmation page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Page

from .checks import check_notice
from .models import PrivacyNoticePage

# A finding publishing itself settles: publishing counts as a review.
SETTLED_BY_PUBLISHING = {"review"}


def findings_to_confirm(page: PrivacyNoticePage) -> list:
    return [f for f in check_notice(page) if f.code not in SETTLED_BY_PUBLISHING]


def confirm_before_publishing(request: HttpRequest, page: Page) -> HttpResponse | None:
    """The `before_publish_page` hook: a notice with findings is not published yet."""
    specific = page.specific if not isinstance(page, PrivacyNoticePage) else page
    if not isinstance(specific, PrivacyNoticePage):
        return None
    findings = findings_to_confirm(specific)
    if not findings:
        return None
    if specific.live and specific.live_revision_id is None:
        # Wagtail's create view adds a page to be published as live before the hook runs;
        # until the editor confirms, it is a draft nobody can see.
        type(specific).objects.filter(pk=specific.pk).update(live=False)
        specific.live = False
    revision = specific.latest_revision
    return TemplateResponse(
        request,
        "notices/admin/confirm_publish.html",
        {
            "page": specific,
            "revision": revision,
            "errors": [f for f in findings if f.is_error],
            "warnings": [f for f in findings if not f.is_error],
        },
    )


def publish_anyway_view(request: HttpRequest, page_id: int, revision_id: int) -> HttpResponse:
    """Publish the revision the editor saw the findings for, when they choose to."""
    page = get_object_or_404(PrivacyNoticePage, pk=page_id)
    if request.method != "POST" or not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    revision = get_object_or_404(page.revisions, pk=revision_id)
    if page.latest_revision_id != revision.pk:
        messages.error(
            request,
            _("The notice has been changed since; check the new version before publishing it."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    PublishPageRevisionAction(revision, user=request.user, changed=True).execute()
    page.refresh_from_db()
    if page.live and not page.has_unpublished_changes:
        messages.warning(
            request,
            _("“%(title)s” is published, with the items listed before still to be fixed.")
            % {"title": page.title},
        )
    else:
        messages.success(
            request, _("“%(title)s” has been scheduled for publishing.") % {"title": page.title}
        )
    return redirect("wagtailadmin_explore", page.get_parent().pk)
