"""The rights-request inbox in the Wagtail admin: list, filters, CSV, detail with handling.

Only users with the "view" permission on RightsRequest (superusers and the Tietosuoja group)
see any of it; handling needs "change".
"""

import csv
import datetime
import re
import tempfile

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.mixins import Echo, ExcelDateFormatter
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.search.backends import get_search_backend

from cookies.menu import SELOSTE_MENU_HOOK
from notices.dates import iso_datetime, reader_date, reader_datetime

from .deadlines import local_date
from .flow import TransitionError, add_note, change_status
from .limits import normalise_email
from .models import OPEN_STATUSES, RequestStatus, RequestType, RightsRequest
from .search import WHOLE_EMAIL, keep_search_statistics

request_permissions = ModelPermissionPolicy(RightsRequest)

# A spreadsheet treats a cell starting with one of these as a formula; what a requester typed
# must never run in the handler's spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class RightsRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    request_type = django_filters.ChoiceFilter(label=_("Type"), choices=RequestType.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect
    )

    class Meta:
        model = RightsRequest
        fields = ["status", "request_type"]

    def filter_overdue(self, queryset, name, value):
        # Straight conditions, not "pk in (subquery)": they read the index of open requests by
        # deadline.
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_STATUSES, deadline__lt=local_date(timezone.now()))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ReaderDateColumn(Column):
    """A date (and time) as the signed-in handler's language writes it, never "just now"."""

    def __init__(self, *args, with_time: bool = False, **kwargs):
        self.with_time = with_time
        super().__init__(*args, **kwargs)

    def get_value(self, instance):
        value = super().get_value(instance)
        return reader_datetime(value) if self.with_time else reader_date(value)


class DeadlineColumn(Column):
    """The deadline as a date, with the days left beside it; overdue ones stand out."""

    def get_value(self, instance):
        date = reader_date(instance.deadline)
        days = instance.days_left
        if days is None:
            return date
        if days < 0:
            late = ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {
                "days": -days
            }
            return format_html('{} <strong class="w-text-critical-200">({})</strong>', date, late)
        if days == 0:
            return format_html("{} <strong>({})</strong>", date, _("due today"))
        left = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
        return format_html("{} ({})", date, left)


REQUEST_NUMBER = re.compile(r"#?\s*(\d{1,18})")
EXPORT_CHUNK = 2000


class RightsRequestIndexView(generic.IndexView):
    """The inbox. Its exports stream: rows are read from the database in chunks and written out
    as they come (CSV to the response, XLSX to a temporary file), so memory stays the same
    however many requests there are."""

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Straight to the file: the listing's context (table, pagination) is never built.
            return self.as_spreadsheet(self.get_queryset(), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        # A request number ("#1234" or "1234", as the mails and the list show it) is a lookup.
        number = REQUEST_NUMBER.fullmatch(query)
        if number:
            return queryset.filter(pk=int(number.group(1)))
        # A whole address: the requester's requests, by the index of normalised addresses.
        if WHOLE_EMAIL.fullmatch(query):
            return queryset.filter(email_key=normalise_email(query))
        keep_search_statistics()
        # In the list's own order (newest first, or the column chosen), not by relevance:
        # ranking scores every match again, seconds for a common surname at 10^5 requests.
        return get_search_backend(self.search_backend_name).autocomplete(
            query, queryset, order_by_relevance=False
        )

    def export_rows(self, queryset):
        if isinstance(queryset, models.QuerySet):
            return queryset.iterator(chunk_size=EXPORT_CHUNK)
        return iter(queryset)  # search results, already limited

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export)
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in self.export_rows(queryset):
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_xlsx_response(self, queryset):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title="Sheet1")
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in self.export_rows(queryset):
            worksheet.append(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
        # On disk, not in memory; the file is gone once the response has been sent.
        output = tempfile.TemporaryFile()
        workbook.save(output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

    def preprocess_field_value(self, field, value, export_format):
        # Times for programs: ISO 8601 with the time zone, to the second, in every format.
        if isinstance(value, datetime.date):
            return iso_datetime(value)
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            value = "'" + value
        return value


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when extending or refusing: the requester receives it by email. "
            "A refusal mail also tells them they may complain to the supervisory authority."
        ),
    )

    def __init__(self, *args, rights_request: RightsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RequestStatus.choices)
        # No preselected status: a handler must choose, so nothing changes by accident.
        self.fields["status"].choices = [("", _("Choose…"))] + [
            (value, labels[value]) for value in rights_request.allowed_transitions()
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only people who handle requests see notes."),
    )


class RightsRequestDetailView(generic.InspectView):
    """One request: what was asked, its deadline, notes, mail, and the status controls."""

    template_name = "notices/rights/admin/request_detail.html"
    page_title = _("Rights request")
    any_permission_required = ["view", "change"]

    def get_page_subtitle(self):
        return str(self.object)

    def can_change(self) -> bool:
        return request_permissions.user_has_permission(self.request.user, "change")

    def post(self, request, *args, **kwargs):
        if not self.can_change():
            raise PermissionDenied
        rights_request = self.object
        if "add_note" in request.POST:
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                add_note(rights_request, user=request.user, text=note_form.cleaned_data["text"])
                messages.success(request, _("Note added."))
                return redirect(request.path)
            return self.render_to_response(self.get_context_data(note_form=note_form))

        status_form = StatusForm(request.POST, rights_request=rights_request)
        if status_form.is_valid():
            try:
                change_status(
                    rights_request,
                    status_form.cleaned_data["status"],
                    user=request.user,
                    reason=status_form.cleaned_data["reason"],
                )
            except TransitionError as error:
                status_form.add_error("reason", str(error))
            else:
                messages.success(
                    request,
                    _("Status changed to “%(status)s”.")
                    % {"status": rights_request.get_status_display()},
                )
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(status_form=status_form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rights_request = self.object
        can_change = self.can_change()
        context.update(
            {
                "rights_request": rights_request,
                "can_change": can_change,
                "notes": rights_request.notes.select_related("author"),
                "outbox": rights_request.outbox_messages.order_by("created_at"),
            }
        )
        # Forms passed in (after a failed POST) keep what the handler typed.
        if can_change and rights_request.allowed_transitions():
            context.setdefault("status_form", StatusForm(rights_request=rights_request))
        if can_change:
            context.setdefault("note_form", NoteForm())
        return context


class RightsRequestViewSet(ModelViewSet):
    model = RightsRequest
    icon = "mail"
    menu_label = _("Rights requests")
    menu_name = "rights-requests"
    menu_order = 200
    menu_hook = SELOSTE_MENU_HOOK
    url_prefix = "rights-requests"
    name = "rights_requests"
    index_view_class = RightsRequestIndexView
    inspect_view_class = RightsRequestDetailView
    filterset_class = RightsRequestFilterSet
    copy_view_enabled = False
    # Wagtail's own page size: every row is a template per cell, so a page of 50 took twice as
    # long to draw as the database took to find it, even at 10^5 requests.
    list_per_page = 20
    list_display = [
        "__str__",
        ReaderDateColumn("received_at", label=_("Received"), with_time=True),
        Column("name", label=_("Name")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DeadlineColumn("deadline", label=_("Deadline"), sort_key="deadline"),
    ]
    list_export = [
        "pk",
        "received_at",
        "get_request_type_display",
        "get_status_display",
        "deadline",
        "days_left",
        "verified_at",
        "closed_at",
        "notice_title",
        "routed_to_email",
        "name",
        "email",
    ]
    export_headings = {
        "pk": _("Number"),
        "get_request_type_display": _("Type"),
        "get_status_display": _("Status"),
        "days_left": _("Days left"),
    }
    export_filename = "rights-requests"
    # None: the model's search index (its name, email and text), not a scan of every row.
    search_fields = None

    def get_common_view_kwargs(self, **kwargs):
        # No adding, editing or deleting: a request is what the requester sent; handlers
        # change only its status and notes, through the detail view.
        return super().get_common_view_kwargs(
            add_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            edit_url_name=self.get_url_name("edit"),
            inspect_url_name=None,
            **kwargs,
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            template_name=RightsRequestDetailView.template_name, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path(
                "history-results/<int:pk>/",
                self.history_results_view,
                name="history_results",
            ),
        ]


class RightsRequestsPanel(Component):
    """Dashboard: open and overdue requests for the people who handle them."""

    name = "rights_requests"
    template_name = "notices/rights/admin/requests_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = local_date(timezone.now())
        open_requests = RightsRequest.objects.open()
        # Both counts in one query, on the index of open requests by deadline (straight
        # conditions, not "pk in (subquery)"); the list only when something is open.
        counts = open_requests.aggregate(
            open_count=Count("pk"), overdue_count=Count("pk", filter=Q(deadline__lt=today))
        )
        context.update(
            {
                **counts,
                "soonest": list(
                    open_requests.order_by("deadline", "pk").only(
                        "pk", "request_type", "status", "deadline"
                    )[:5]
                )
                if counts["open_count"]
                else [],
            }
        )
        return context
