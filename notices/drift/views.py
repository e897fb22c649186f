"""Admin views that show editors which translations fell behind their original."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from .status import translations_behind


class TranslationsBehindView(ReportView):
    """Every synced page translation whose original was published after the last sync."""

    page_title = _("Translations behind their original")
    header_icon = "resubmit"
    index_url_name = "notices_translations_behind"
    index_results_url_name = "notices_translations_behind_results"
    results_template_name = "notices/drift/admin/translations_behind_results.html"
    paginate_by = 50
    verbose_name_plural = _("translations")

    def get_queryset(self):
        return translations_behind()


class TranslationsBehindPanel(Component):
    """A dashboard panel, so editors see a lagging translation the moment they sign in."""

    name = "translations_behind"
    order = 110
    template_name = "notices/drift/admin/translations_behind_panel.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None) -> dict:
        rows = list(translations_behind()[:6])
        return {
            "rows": rows[:5],
            "has_more": len(rows) > 5,
            "report_url": reverse("notices_translations_behind"),
        }
