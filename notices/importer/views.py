"""The admin's import screen: upload an existing notice, get a draft to check and publish."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import MAX_FILE_BYTES, NoticeImportError, default_parent, import_notice


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
    if not can_add_anywhere(request):
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


def can_add_anywhere(request: HttpRequest) -> bool:
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
