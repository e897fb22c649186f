"""Admin wiring for editor assurance: the publish warning, the dashboard panel, the import form.

Imported by wagtail_hooks.py so that its hooks register when Wagtail discovers the app's hooks.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale, Page

from .checks import check_notice
from .importer import MAX_FILE_BYTES, NoticeImportError, default_parent, import_notice
from .models import PrivacyNoticePage

DASHBOARD_LIMIT = 50


@hooks.register("before_publish_page")
def warn_before_publishing_incomplete_notice(request: HttpRequest, page: Page) -> None:
    """Publishing goes on, but the editor is told what the notice still lacks."""
    specific = page.specific
    if not isinstance(specific, PrivacyNoticePage):
        return None
    missing = [f for f in check_notice(specific) if f.is_error]
    if missing:
        articles = ", ".join(dict.fromkeys(f.article for f in missing))
        messages.warning(
            request,
            _(
                "The notice was published, but it lacks items GDPR requires (Art. %(articles)s). "
                "The completeness check on the edit page says what to add."
            )
            % {"articles": articles},
        )
    return None


class IncompleteNoticesPanel(Component):
    """Dashboard panel: notices that miss required items or need a look."""

    template_name = "notices/admin/incomplete_notices_panel.html"
    order = 150

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_context_data(self, parent_context=None) -> dict:
        rows = []
        editable = 0
        for page in PrivacyNoticePage.objects.live().order_by("path")[:DASHBOARD_LIMIT]:
            if not page.permissions_for_user(self.request.user).can_edit():
                continue  # only what this editor can fix
            editable += 1
            findings = check_notice(page)
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
        return {"rows": rows, "editable": editable}


@hooks.register("construct_homepage_panels")
def add_incomplete_notices_panel(request: HttpRequest, panels: list) -> None:
    panels.append(IncompleteNoticesPanel(request))


class ImportNoticeForm(forms.Form):
    file = forms.FileField(
        label=_("Notice file"),
        help_text=_(
            "A privacy notice as plain text (.txt), a web page (.html) or a Word document "
            "(.docx), at most %(size)s MB."
        )
        % {"size": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
    )
    locale = forms.ModelChoiceField(
        queryset=Locale.objects.all(),
        label=_("Language of the notice"),
        to_field_name="language_code",
    )
    parent = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        required=False,
        label=_("Put the notice under"),
        help_text=_("Leave empty to put it under the site's home page in that language."),
        widget=AdminPageChooser(target_models=[Page], can_choose_root=False),
    )
    title = forms.CharField(
        required=False,
        max_length=255,
        label=_("Title"),
        help_text=_("Leave empty to take the title from the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large; a notice should be under %(size)s MB.")
                % {"size": MAX_FILE_BYTES // 1024 // 1024}
            )
        if not upload.name.lower().endswith((".txt", ".html", ".htm", ".docx")):
            raise forms.ValidationError(_("Choose a .txt, .html or .docx file."))
        return upload


def import_view(request: HttpRequest) -> HttpResponse:
    """Upload an existing notice; on success, open the new draft in the editor."""
    if not _can_add_anywhere(request):
        raise PermissionDenied
    form = ImportNoticeForm(
        request.POST or None,
        request.FILES or None,
        initial={"locale": Locale.get_default()},
    )
    if request.method == "POST" and form.is_valid():
        locale = form.cleaned_data["locale"]
        parent = form.cleaned_data["parent"] or default_parent(locale)
        if parent is None or not parent.permissions_for_user(request.user).can_add_subpage():
            form.add_error("parent", _("You may not add pages there; choose another page."))
        else:
            upload = form.cleaned_data["file"]
            try:
                data = upload.read(MAX_FILE_BYTES + 1)
                with override(locale.language_code):
                    result = import_notice(
                        data,
                        upload.name,
                        locale,
                        parent=parent,
                        user=request.user,
                        title=form.cleaned_data["title"],
                    )
            except NoticeImportError as error:
                form.add_error("file", str(error))
            else:
                _report(request, result)
                return redirect("wagtailadmin_pages:edit", result.page.pk)
    return TemplateResponse(request, "notices/admin/import_notice.html", {"form": form})


def _can_add_anywhere(request: HttpRequest) -> bool:
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_permission(request.user, "add")


def _report(request: HttpRequest, result) -> None:
    messages.success(
        request,
        _(
            "Imported as a draft. Recognised %(recognised)s of %(total)s sections. Check the "
            "sections and the completeness check before publishing."
        )
        % {"recognised": result.recognised, "total": result.total},
    )
    if result.unplaced:
        messages.warning(
            request,
            _("Kept as text sections, not recognised: %(headings)s")
            % {"headings": "; ".join(result.unplaced)},
        )
    for note in result.notes:
        messages.info(request, note)


@hooks.register("register_log_actions")
def register_review_reminder_action(actions) -> None:
    actions.register_action(
        "notices.review_reminder",
        _("Review reminder sent"),
        _("A reminder to review the notice was sent"),
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("notices/import/", import_view, name="notices_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _can_add_anywhere(request)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import a notice"),
        reverse("notices_import"),
        icon_name="upload",
        order=310,
    )
