"""The "Cookie scan" report in the admin: the latest results per visitor, a button that runs a
scan in the task worker, one-click draft declarations, and the dashboard panel."""

from datetime import timedelta
from urllib.parse import urlsplit

from cookie_consent.models import CookieGroup
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import user_passes_test
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cookies.declarations import create_draft_declaration
from cookies.models import DeclaredCookie

from . import conf
from .models import CookieScan
from .pages import origin_of
from .report import describe, lifetime_text, on_site, status_text, visitor_title, visitors_text
from .tasks import has_worker, run_cookie_scan

PROBLEM_LABELS = {
    "before_consent": gettext_lazy("without consent"),
    "lifetime": gettext_lazy("longer than declared"),
}

# The hook of the "Cookie consent" menu group (cookies/wagtail_hooks.py).
COOKIE_CONSENT_MENU_HOOK = "register_cookie_consent_menu_item"


def can_view(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_active and user.has_perm("seloste_scanner.view_cookiescan")


def can_run(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_active and user.has_perm("seloste_scanner.add_cookiescan")


def can_draft(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_active and user.has_perm("seloste_cookies.add_declaredcookie")


def latest_done() -> CookieScan | None:
    """The newest scan that ran to its end or could not run."""
    done = (CookieScan.Status.FINISHED, CookieScan.Status.FAILED)
    return CookieScan.objects.filter(status__in=done).select_related("requested_by").first()


def pending_scan() -> CookieScan | None:
    """A scan waiting for or held by the task worker; one left behind by a worker that died
    (older than the time budget and an hour) no longer blocks a new one."""
    since = timezone.now() - timedelta(seconds=conf.time_budget()) - timedelta(hours=1)
    pending = (CookieScan.Status.QUEUED, CookieScan.Status.RUNNING)
    return (
        CookieScan.objects.filter(status__in=pending, created_at__gte=since)
        .select_related("requested_by")
        .first()
    )


def requested_by_text(scan: CookieScan) -> str:
    if scan.requested_by is not None:
        return scan.requested_by.get_full_name() or scan.requested_by.get_username()
    if scan.source == CookieScan.Source.COMMAND:
        return _("the scan_cookies command")
    return _("a user who has since been removed")


class ScanReportView(WagtailAdminTemplateMixin, TemplateView):
    """The latest scan (or the one asked for) in full, and the scans before it."""

    template_name = "cookies/scanner/admin/report.html"
    page_title = gettext_lazy("Cookie scan")
    header_icon = "search"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        pk = self.kwargs.get("pk")
        scan = get_object_or_404(CookieScan, pk=pk) if pk else latest_done()
        user = self.request.user
        context.update(
            {
                "scan": scan,
                "pending": pending_scan(),
                "history": CookieScan.objects.select_related("requested_by")[:10],
                "can_run": can_run(user),
                "has_worker": has_worker(),
                "can_draft": can_draft(user),
                "base_url": settings.WAGTAILADMIN_BASE_URL,
                "stale_days": 30,
            }
        )
        if scan is not None:
            context.update(scan_context(scan))
        return context


def scan_context(scan: CookieScan) -> dict:
    result = scan.result or {}
    origin = result.get("base_url", scan.base_url)
    problems = result.get("problems", [])
    visitors = []
    for visitor in result.get("visitors", []):
        rows = [dict(row, status_label=status_text(row)) for row in visitor["rows"]]
        for row in rows:
            row["lifetime_label"] = (
                lifetime_text(row["lifetime"]) if row["kind"] == "cookie" else ""
            )
            row["set_by_label"] = on_site(row["set_by"], origin)
            # "Undeclared" is the status itself; the others say what is wrong with it.
            row["problem_labels"] = [
                PROBLEM_LABELS[code] for code in row["problems"] if code in PROBLEM_LABELS
            ]
        visitors.append(
            {
                **visitor,
                "title": visitor_title(visitor["visitor"]),
                "chooses": bool(visitor["choice"]),
                "cookies": [r for r in rows if r["kind"] == "cookie"],
                "storage": [r for r in rows if r["kind"] in ("localStorage", "sessionStorage")],
                "requests": [r for r in rows if r["kind"] == "request"],
                "problem_count": sum(1 for r in rows if r["problems"]),
            }
        )
    return {
        "requested_by": requested_by_text(scan),
        "problems": [describe(problem, origin) for problem in problems],
        "undeclared": undeclared_cookies(problems, origin),
        "visitors": visitors,
        "groups": draft_groups(),
        "unseen": result.get("unseen", []),
        "not_found": result.get("not_found", []),
        "skipped": result.get("skipped_pages", []),
        "seconds": result.get("seconds"),
        "page_count": len(result.get("pages", [])) - len(result.get("skipped_pages", [])),
    }


# Where a scan saw a key, as DeclaredCookie.storage names it.
STORAGE_OF_KIND = {
    "cookie": DeclaredCookie.Storage.COOKIE,
    "localStorage": DeclaredCookie.Storage.LOCAL,
    "sessionStorage": DeclaredCookie.Storage.SESSION,
}


def undeclared_cookies(problems: list[dict], origin: str) -> list[dict]:
    """The undeclared cookies and storage keys of a scan, each with what is declared under
    its name today."""
    found = [p for p in problems if p["code"] == "undeclared" and p["kind"] in STORAGE_OF_KIND]
    names = {p["name"] for p in found}
    declared = DeclaredCookie.objects.filter(name__in=names).select_related("cookiegroup")
    by_name: dict[str, list[DeclaredCookie]] = {}
    for cookie in declared:
        by_name.setdefault(cookie.name, []).append(cookie)
    rows = []
    for problem in found:
        detail = problem.get("detail", {})
        storage = STORAGE_OF_KIND[problem["kind"]]
        existing = [c for c in by_name.get(problem["name"], []) if c.storage == storage]
        rows.append(
            {
                "kind": problem["kind"],
                "name": problem["name"],
                "domain": detail.get("domain", ""),
                "lifetime": lifetime_text(detail.get("lifetime")),
                "page": problem["page"],
                "set_by": on_site(detail.get("set_by", ""), origin),
                "visitors": visitors_text(problem["visitors"]),
                "drafts": [c for c in existing if not c.live],
                "declared": [c for c in existing if c.live],
            }
        )
    return rows


def draft_groups() -> list[dict]:
    """The groups a draft can go in: the optional ones first, and the first of them chosen.

    A necessary group is offered but never chosen for the editor: what is necessary is for a
    person to decide.
    """
    groups = list(CookieGroup.objects.order_by("is_required", "ordering", "varname"))
    first_optional = next((g for g in groups if not g.is_required), None)
    return [
        {
            "pk": group.pk,
            "label": group.name or group.varname,
            "required": group.is_required,
            "selected": group is first_optional,
        }
        for group in groups
    ]


@require_POST
def run_scan_view(request: HttpRequest) -> HttpResponse:
    """Queue a scan of WAGTAILADMIN_BASE_URL for the task worker."""
    if not can_run(request.user):
        raise PermissionDenied
    index = reverse("cookie_scan:index")
    if not has_worker():
        messages.error(
            request,
            _(
                "This site has no task worker for Seloste, so a scan cannot run from here. "
                "Run manage.py scan_cookies --url %(url)s on the server instead."
            )
            % {"url": settings.WAGTAILADMIN_BASE_URL},
        )
        return HttpResponseRedirect(index)
    try:
        origin = origin_of(settings.WAGTAILADMIN_BASE_URL)
    except ValueError:
        messages.error(request, _("WAGTAILADMIN_BASE_URL is not an http(s) address."))
        return HttpResponseRedirect(index)
    with transaction.atomic():
        pending = pending_scan()
        if pending is not None:
            messages.warning(request, _("A scan is already waiting or running."))
            return HttpResponseRedirect(index)
        scan = CookieScan.objects.create(
            base_url=origin,
            source=CookieScan.Source.ADMIN,
            requested_by=request.user,
            page_limit=conf.page_limit(),
        )
    transaction.on_commit(lambda: run_cookie_scan.enqueue(scan.pk))
    messages.success(
        request,
        _(
            "The scan of %(url)s is waiting for the task worker. It takes a few minutes; "
            "reload this page to see the result."
        )
        % {"url": origin},
    )
    return HttpResponseRedirect(index)


@require_POST
def create_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One undeclared cookie or storage key of a scan becomes an unpublished declaration in
    the chosen group."""
    if not can_draft(request.user):
        raise PermissionDenied
    scan = get_object_or_404(CookieScan, pk=pk)
    back = reverse("cookie_scan:scan", args=[scan.pk])
    name = request.POST.get("name", "")
    domain = request.POST.get("domain", "")
    kind = request.POST.get("kind", "cookie")
    found = next(
        (
            p
            for p in scan.result.get("problems", [])
            if p["code"] == "undeclared"
            and kind in STORAGE_OF_KIND
            and p["kind"] == kind
            and p["name"] == name
            and p.get("detail", {}).get("domain", "") == domain
        ),
        None,
    )
    group = CookieGroup.objects.filter(pk=request.POST.get("group") or None).first()
    if found is None:
        messages.error(request, _("This scan found no undeclared cookie by that name."))
        return HttpResponseRedirect(back)
    if group is None:
        messages.error(request, _("Choose the group the cookie belongs to."))
        return HttpResponseRedirect(back)
    detail = found.get("detail", {})
    site_host = (scan.base_url.split("://", 1)[-1].split(":")[0]).lower()
    if kind != "cookie":
        # A storage key's place is its frame's origin: the site's, or an embed's own.
        domain = (urlsplit(domain).hostname or "").lower()
    third_party = not (
        site_host == domain.lstrip(".") or site_host.endswith("." + domain.lstrip("."))
    )
    try:
        with transaction.atomic():
            draft = create_draft_declaration(
                group,
                name,
                # A host-only cookie of the site itself needs no domain in its declaration.
                domain=domain if third_party else "",
                lifetime_seconds=detail.get("lifetime"),
                is_third_party=third_party,
                storage=STORAGE_OF_KIND[kind],
            )
    except IntegrityError:
        messages.error(
            request,
            _("“%(name)s” is already declared in the group %(group)s.")
            % {"name": name, "group": group.name or group.varname},
        )
        return HttpResponseRedirect(back)
    edit_url = reverse("declared_cookies:edit", args=[draft.pk])
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _(
                "Draft declaration of “%(name)s” created in the group %(group)s. Visitors do "
                "not see it until you complete and publish it."
            )
            % {"name": name, "group": group.name or group.varname},
            edit_url,
            _("Complete the declaration"),
        ),
    )
    return HttpResponseRedirect(back)


class ScanMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view(request.user)


class CookieScanViewSet(ViewSet):
    """Registered under the "Cookie consent" menu group through its menu hook."""

    name = "cookie_scan"
    url_prefix = "cookie-scan"
    icon = "search"
    menu_label = gettext_lazy("Cookie scan")
    menu_hook = COOKIE_CONSENT_MENU_HOOK
    menu_order = 90
    menu_item_class = ScanMenuItem

    def get_urlpatterns(self) -> list:
        only_viewers = user_passes_test(can_view, login_url="wagtailadmin_login")
        report = only_viewers(ScanReportView.as_view())
        return [
            path("", report, name="index"),
            path("<int:pk>/", report, name="scan"),
            path("run/", run_scan_view, name="run"),
            path("<int:pk>/draft/", create_draft_view, name="draft"),
        ]


class CookieScanPanel(Component):
    """Dashboard: tells editors when the last scan found problems, failed, or is old."""

    name = "cookie_scan"
    template_name = "cookies/scanner/admin/panel.html"
    order = 120

    def __init__(self, scan: CookieScan | None):
        self.scan = scan

    def get_context_data(self, parent_context) -> dict:
        context = super().get_context_data(parent_context)
        scan = self.scan
        context["scan"] = scan
        if scan is not None:
            when = scan.finished_at or scan.created_at
            context["age_days"] = (timezone.now() - when).days
        return context


def needs_attention(scan: CookieScan | None) -> bool:
    return scan is None or not scan.is_clean or scan.is_stale
