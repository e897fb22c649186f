"""The notice's admin edit form."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class NoticePageForm(WagtailAdminPageForm):
    """Starts the per-publish fields empty, so last time's summary is not published again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk and not self.is_bound:
            ids = Page.objects.filter(pk=page.pk).values_list(
                "live_revision_id", "latest_revision_id"
            )
            live, latest = next(iter(ids), (None, None))
            # A draft saved after the last publish keeps what the editor typed.
            if live and live == latest:
                for name, empty in (("change_summary", ""), ("material_change", False)):
                    if name in self.fields:
                        self.initial[name] = empty
