"""The admin edit forms of the notice and of the records whose facts every language shares."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
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


class SharedFactsForm(WagtailAdminModelForm):
    """Edits a translatable record together with the facts all its languages share.

    The facts are form fields of their own (see `shared_facts_form`); saving writes them to the
    one record every translation points to.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for name in self.instance.shared_facts:
                if name in self.fields:
                    self.initial[name] = getattr(self.instance, name)

    def _post_clean(self):
        for name in self.instance.shared_facts:
            if name in self.fields and name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


SHARED_NOTE = _("The same in every language: a change here shows in all of them at once.")


def shared_facts_form(facts_model, names: tuple[str, ...]) -> type[SharedFactsForm]:
    """A `SharedFactsForm` with a field for each of `names`, as `facts_model` defines them."""
    fields = {}
    for name in names:
        model_field = facts_model._meta.get_field(name)
        # Addresses typed without a scheme are taken as https, as Django 6 will.
        options = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}
        form_field = model_field.formfield(**options)
        help_text = model_field.help_text
        form_field.help_text = (
            format_lazy("{} {}", help_text, SHARED_NOTE) if help_text else SHARED_NOTE
        )
        fields[name] = form_field
    return type(
        f"{facts_model.__name__}Form", (SharedFactsForm,), {"__module__": __name__, **fields}
    )
