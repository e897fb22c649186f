"""Admin wiring: cookie declarations, read-only proof of consent and its daily counts."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

try:  # Wagtail 8: a model's policy is registered once for the whole admin
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4 reads it from the viewset
    register_permission_policy = None

from .evidence import FORMATS
from .menu import (
    SELOSTE_MENU_HOOK,
    SELOSTE_SETTINGS_MENU_HOOK,
    reports_menu_item,
    seloste_menu_item,
    settings_menu_item,
    without_seloste_settings,
)
from .models import (
    ConsentRecord,
    ConsentSettings,
    DeclaredCookie,
    DeclaredCookieGroup,
    ExternalMediaProvider,
)
from .statistics import daily_counts, method_totals


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Proof of consent is only ever written by the visitor's own decision, never edited."""

    def user_has_permission(self, user: AbstractBaseUser | AnonymousUser, action: str) -> bool:
        if action != "view":
            return False
        return super().user_has_permission(user, action)


CONSENT_RECORD_POLICY = ReadOnlyPermissionPolicy(ConsentRecord)
if register_permission_policy is not None:
    register_permission_policy(ConsentRecord, CONSENT_RECORD_POLICY)


class CookieGroupViewSet(ModelViewSet):
    model = DeclaredCookieGroup
    icon = "folder-open-inverse"
    menu_label = _("Cookie groups")
    list_display = ["varname", "name", "is_required"]
    copy_view_enabled = False
    add_to_reference_index = False


class CookieViewSet(ModelViewSet):
    model = DeclaredCookie
    icon = "tag"
    menu_label = _("Cookies")
    list_display = ["name", "storage", "cookiegroup", "provider", "duration_display", "live"]
    list_filter = ["live", "cookiegroup", "storage", "is_third_party", "transferred_outside_eea"]
    search_fields = ["name", "description", "provider"]
    copy_view_enabled = False
    add_to_reference_index = False


class ExternalMediaProviderViewSet(ModelViewSet):
    model = ExternalMediaProvider
    icon = "media"
    menu_label = _("External media")
    list_display = ["name", "company", "cookie_group"]
    search_fields = ["name", "company", "hosts"]
    copy_view_enabled = False
    add_to_reference_index = False


# Proof of consent read by privacy staff: local time, day first, never month first.
RECORD_TIME_FORMATS = {"fi": r"j.n.Y \k\l\o H.i", "sv": r"j.n.Y \k\l. H.i"}


def record_time(value) -> str:
    language = (get_language() or "fi").split("-")[0]
    return dateformat.format(
        timezone.localtime(value), RECORD_TIME_FORMATS.get(language, "j F Y, H:i")
    )


class ConsentRecordInspectView(InspectView):
    """A consent decision in words: what was chosen, when, and the notice text it was given on.

    The notice version comes from the "seloste_notice_version_link" hook (the notices app
    provides it), so the proof links to the text the visitor was shown; beside it the banner
    (or settings page, or placeholder) exactly as it was shown, and the cookie table in force.
    """

    template_name = "cookies/admin/consent_record_inspect.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        record = self.object
        context["banner"] = record.banner_version
        context["declarations"] = record.declaration_version
        context["consent_stylesheet"] = static("cookies/consent.css")
        return context

    def get_created_at_display_value(self) -> str:
        return record_time(self.object.created_at)

    def get_choices_display_value(self) -> str:
        names = {
            group.varname: group.localized_name() for group in DeclaredCookieGroup.objects.all()
        }
        words = {
            "accepted": gettext("accepted"),
            "declined": gettext("declined"),
            "undecided": gettext("not chosen"),
        }
        choices = self.object.choices or {}
        return (
            format_html_join(
                mark_safe("<br>"),
                "{}: {}",
                (
                    (
                        names.get(varname, varname),
                        words.get((entry or {}).get("state"), (entry or {}).get("state", ""))
                        if isinstance(entry, dict)
                        else words["accepted" if entry else "declined"],
                    )
                    for varname, entry in choices.items()
                ),
            )
            or "-"
        )

    def get_notice_revision_id_display_value(self) -> str:
        revision_id = self.object.notice_revision_id
        if not revision_id:
            return "-"
        for hook in hooks.get_hooks("seloste_notice_version_link"):
            found = hook(revision_id)
            if found:
                label, url = found
                return format_html('<a href="{}">{}</a>', url, label)
        return str(revision_id)

    def get_language_display_value(self) -> str:
        code = self.object.language
        return (
            str(get_language_info(code)["name_local"]) if code in dict(settings.LANGUAGES) else code
        )

    def get_global_privacy_control_display_value(self) -> str:
        return gettext("yes") if self.object.global_privacy_control else gettext("no")


class ConsentRecordViewSet(ModelViewSet):
    model = ConsentRecord
    if register_permission_policy is None:
        permission_policy = CONSENT_RECORD_POLICY
    inspect_view_class = ConsentRecordInspectView
    icon = "clipboard-list"
    menu_label = _("Consent records")
    list_display = ["consent_id", "created_at", "outcome", "source", "policy_version"]
    list_filter = ["outcome", "source", "global_privacy_control", "language"]
    search_fields = ["consent_id"]
    inspect_view_enabled = True
    inspect_view_class = ConsentRecordInspectView
    inspect_view_fields = [
        "consent_id",
        "created_at",
        "language",
        "source",
        "outcome",
        "choices",
        "global_privacy_control",
        "policy_version",
        "notice_revision_id",
        "banner_version",
        "declaration_version",
    ]
    # Never used: the permission policy allows no adding or editing.
    form_fields = ["outcome"]
    copy_view_enabled = False
    add_to_reference_index = False


def can_view_records(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_active and user.has_perm("seloste_cookies.view_consentrecord")


class ConsentStatsView(WagtailAdminTemplateMixin, TemplateView):
    """How many decisions each day, by outcome, over the last three months, and how they
    were given; read from the daily counts, so it costs the same at any number of records."""

    template_name = "cookies/admin/consent_stats.html"
    page_title = _("Consent statistics")
    header_icon = "table"
    days = 90

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        since = timezone.localdate() - timedelta(days=self.days - 1)
        context["outcomes"] = ConsentRecord.Outcome.choices
        context["days"] = daily_counts(since)
        context["methods"] = method_totals(since)
        context["period"] = self.days
        context["export_url"] = reverse("consent_export:index")
        return context


class ExportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("json", "JSON")], initial="csv"
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class ConsentExportView(WagtailAdminTemplateMixin, FormView):
    """Every consent record of a period, for an auditor, as CSV or JSON (streamed)."""

    template_name = "cookies/admin/consent_export.html"
    page_title = _("Export consent records")
    header_icon = "download"
    form_class = ExportForm

    def get_initial(self) -> dict:
        today = timezone.localdate()
        return {"start": today.replace(day=1), "end": today, "format": "csv"}

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        if self.request.GET:  # a plain link (GET) can start a download, as the form does
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        form = self.get_form()
        if request.GET and form.is_valid():
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form))

    def form_valid(self, form: ExportForm) -> HttpResponseBase:
        start, end, kind = (form.cleaned_data[name] for name in ("start", "end", "format"))
        write, content_type = FORMATS[kind]
        response = StreamingHttpResponse(write(start, end), content_type=content_type)
        name = f"consent-records-{start.isoformat()}-{end.isoformat()}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class PermissionMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_records(request.user)


class ConsentStatsViewSet(ViewSet):
    name = "consent_stats"
    icon = "table"
    menu_label = _("Consent statistics")
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self) -> list:
        view = user_passes_test(can_view_records, login_url="wagtailadmin_login")(
            ConsentStatsView.as_view()
        )
        return [path("", view, name="index")]


class ConsentExportViewSet(ViewSet):
    name = "consent_export"
    icon = "download"
    menu_label = _("Export consent records")
    menu_item_class = PermissionMenuItem

    def get_urlpatterns(self) -> list:
        view = user_passes_test(can_view_records, login_url="wagtailadmin_login")(
            ConsentExportView.as_view()
        )
        return [path("", view, name="index")]


class CookieConsentGroup(ModelViewSetGroup):
    items = (
        CookieGroupViewSet("cookie_groups"),
        CookieViewSet("declared_cookies"),
        ExternalMediaProviderViewSet("external_media_providers"),
        ConsentRecordViewSet("consent_records"),
        ConsentStatsViewSet("consent_stats"),
        ConsentExportViewSet("consent_export"),
    )
    menu_label = _("Cookie consent")
    menu_icon = "cog"
    menu_order = 300
    menu_hook = SELOSTE_MENU_HOOK
    # Sub-apps (the cookie scan) add their items through this hook.
    submenu_hook = "register_cookie_consent_menu_item"


@hooks.register("register_admin_viewset")
def register_cookie_consent_viewsets() -> ModelViewSetGroup:
    return CookieConsentGroup()


hooks.register("register_admin_menu_item", seloste_menu_item)
hooks.register(SELOSTE_MENU_HOOK, settings_menu_item)
hooks.register(SELOSTE_MENU_HOOK, reports_menu_item)
hooks.register("construct_settings_menu", without_seloste_settings)


@hooks.register(SELOSTE_SETTINGS_MENU_HOOK)
def register_consent_settings_menu_item():
    from wagtail.contrib.settings.registry import SettingMenuItem

    return SettingMenuItem(ConsentSettings, icon="cog", name="cookie-consent-settings", order=10)
