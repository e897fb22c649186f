"""The admin's import screen: upload or paste an existing notice, get a draft and a report of
what was placed where, what the notice leaves unanswered and what the check finds."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.admin.widgets import AdminPageChooser
from wagtail.log_actions import log
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..checks import check_notice
from ..models import PrivacyNoticePage
from . import MAX_FILE_BYTES, NoticeImportError, default_parent, import_notice
from .report import block_label, placement_words
from .splitting import SECTION

IMPORT_ACTION = "notices.imported"
MAX_PASTED_CHARS = 500_000


class ImportNoticeForm(forms.Form):
    file = forms.FileField(
        required=False,
        label=_("Notice file"),
        help_text=_(
            "A privacy notice as plain text (.txt), a web page (.html) or a Word document "
            "(.docx), at most %(size)s MB."
        )
        % {"size": MAX_FILE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
    )
    text = forms.CharField(
        required=False,
        max_length=MAX_PASTED_CHARS,
        label=_("…or paste the notice's text"),
        help_text=_("Copy the notice from your website or document and paste it here."),
        widget=forms.Textarea(attrs={"rows": 10}),
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
    standard_texts = forms.BooleanField(
        required=False,
        initial=False,
        label=_("Add the site's standard texts"),
        help_text=_(
            "Off: the draft says what your notice says, nothing more. On: sections also show "
            "the site's standard explanations, the cookie table, the default supervisory "
            "authority and the request form's promise where your notice is silent."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large; a notice should be under %(size)s MB.")
                % {"size": MAX_FILE_BYTES // 1024 // 1024}
            )
        if not upload.name.lower().endswith((".txt", ".html", ".htm", ".docx")):
            raise forms.ValidationError(_("Choose a .txt, .html or .docx file."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            if "file" not in self.errors:
                self.add_error("file", _("Choose a file, or paste the notice's text below."))
        elif cleaned.get("file") and (cleaned.get("text") or "").strip():
            self.add_error("text", _("Give either a file or pasted text, not both."))
        return cleaned

    def source(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(MAX_FILE_BYTES + 1), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "pasted.txt"


def import_view(request: HttpRequest) -> HttpResponse:
    """Upload or paste an existing notice; on success, show the report of the new draft."""
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
            data, name = form.source()
            try:
                with override(locale.language_code):
                    result = import_notice(
                        data,
                        name,
                        locale,
                        parent=parent,
                        user=request.user,
                        title=form.cleaned_data["title"],
                        standard_texts=form.cleaned_data["standard_texts"],
                    )
            except NoticeImportError as error:
                form.add_error("text" if name == "pasted.txt" else "file", str(error))
            else:
                # The report is kept with the page's history, so it can be read again later.
                log(result.page, IMPORT_ACTION, user=request.user, data=result.report())
                return redirect("notices_import_report", result.page.pk)
    return TemplateResponse(request, "notices/admin/import_notice.html", {"form": form})


def report_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """What the import placed where, with links into the draft, and what the check finds."""
    page = get_object_or_404(PrivacyNoticePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    entry = (
        PageLogEntry.objects.filter(page=page, action=IMPORT_ACTION).order_by("-timestamp").first()
    )
    if entry is None:
        raise Http404
    report = entry.data or {}
    draft = page.get_latest_revision_as_object()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    draft_url = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    anchors = {section.child.id: section.anchor for section in draft.sections}
    rows = []
    for row in report.get("rows", []):
        ids = [i for i in row.get("block_ids", []) if i]
        rows.append(
            {
                "text": row["text"].replace("\t", " | "),
                "how": placement_words(row),
                "is_section": row["how"] == SECTION,
                "recognised": row.get("recognised"),
                "unanswered": row.get("unanswered"),
                "notes": row.get("notes", []),
                "links": [
                    {
                        "label": block_label(block_type),
                        "edit": f"{edit_url}#block-{block_id}-section",
                        "view": f"{draft_url}#{anchors[block_id]}" if block_id in anchors else "",
                    }
                    for block_type, block_id in zip(row.get("block_types", []), ids, strict=False)
                ],
            }
        )
    findings = check_notice(draft)
    context = {
        "page": page,
        "report": report,
        "rows": rows,
        "errors": [f for f in findings if f.is_error],
        "warnings": [f for f in findings if not f.is_error],
        "edit_url": edit_url,
        "draft_url": draft_url,
    }
    return TemplateResponse(request, "notices/admin/import_report.html", context)


def can_add_anywhere(request: HttpRequest) -> bool:
    return PagePermissionPolicy().user_has_permission(request.user, "add")
