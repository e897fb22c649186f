"""Public views of a notice beyond the page itself: its version history and TILT export.

PrivacyNoticePage's routes call these, so the model module stays about the content model.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe

from .tilt import notice_to_tilt


def version_list(page, request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "notices/notice_versions.html",
        {
            "page": page,
            "self": page,
            "versions": list(page.versions.all()),
            "versions_base": page.versions_url(),
        },
    )


def version_detail(page, request: HttpRequest, version_id: int) -> HttpResponse:
    """An earlier version at its own address, exactly as it was published.

    A frozen version shows its stored sections; one recorded before versions were frozen is
    rendered from its revision (with today's snippet values, the best that can be done).
    """
    version = page.versions.filter(pk=version_id).select_related("revision").first()
    if version is None:
        raise Http404
    if version.is_frozen:
        context = page.get_context(request)
        context.update(
            {
                "shown_version": version,
                "current_page": page,
                # Our own rendering, stored when the version was published.
                "frozen_sections": mark_safe(version.sections_html),
                "versions_base": page.versions_url(),
            }
        )
        return TemplateResponse(request, page.get_template(request), context)
    if version.revision is None:
        raise Http404
    old = version.revision.as_object()
    # The revision was saved before it was published; show the date it took effect.
    old.last_published_at = version.published_at
    context = old.get_context(request)
    context.update(
        {
            "page": old,
            "self": old,
            "current_page": page,
            "shown_version": version,
            "versions_base": page.versions_url(),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def tilt_json(page, request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        notice_to_tilt(page, request=request), json_dumps_params={"ensure_ascii": False}
    )
