"""The completeness check where editors work: on the edit page and on the dashboard."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.blocks import StreamValue

from .checks import check_notice, checking_together

DASHBOARD_LIMIT = 50


class CompletenessPanel(Panel):
    """Shows the completeness check's findings for the notice as last saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notices/admin/completeness_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            findings = check_notice(page) if page.pk else []
            context["is_saved"] = bool(page.pk)
            context["errors"] = [f for f in findings if f.is_error]
            context["warnings"] = [f for f in findings if not f.is_error]
            return context


def convert_sections_together(pages) -> None:
    """Convert the sections of all `pages` in one pass: a chooser then looks up the snippets of
    every page at once (one query per kind of snippet) instead of once per page."""
    streams = [page.body for page in pages if len(page.body)]
    if not streams:
        return
    raw = [item for stream in streams for item in stream.raw_data]
    children = iter(StreamValue(streams[0].stream_block, raw, is_lazy=True))
    for stream in streams:
        for index in range(len(stream)):
            stream[index] = next(children)


class IncompleteNoticesPanel(Component):
    """Dashboard panel: notices that miss required items or need a look."""

    template_name = "notices/admin/incomplete_notices_panel.html"
    order = 150

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_context_data(self, parent_context=None) -> dict:
        from .models import PrivacyNoticePage  # the page model uses CompletenessPanel above

        pages = [
            page
            for page in PrivacyNoticePage.objects.live().order_by("path")[:DASHBOARD_LIMIT]
            if page.permissions_for_user(self.request.user).can_edit()  # what they can fix
        ]
        convert_sections_together(pages)
        rows = []
        with checking_together():
            findings_by_page = [(page, check_notice(page)) for page in pages]
        for page, findings in findings_by_page:
            errors = [f for f in findings if f.is_error]
            if findings:
                rows.append(
                    {
                        "page": page,
                        "errors": errors,
                        "warnings": [f for f in findings if not f.is_error],
                    }
                )
        rows.sort(key=lambda row: (-len(row["errors"]), row["page"].title))
        return {"rows": rows, "editable": len(pages)}
