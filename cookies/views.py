"""Consent decisions and the cookie settings page, on top of django-cookie-consent's views."""

from collections.abc import Collection
from urllib.parse import urlsplit

from cookie_consent.cache import all_cookie_groups
from cookie_consent.forms import ProcessCookiesForm
from cookie_consent.models import CookieGroup
from cookie_consent.processor import CookiesProcessor
from cookie_consent.util import get_cookie_dict_from_request
from cookie_consent.views import CookieGroupBaseProcessView, is_ajax_like
from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from .consent import current_policy
from .declarations import declared_cookie_groups
from .models import ConsentRecord, ConsentSettings
from .state import ACCEPTED, DECLINED, decide, read_response_values, write_cookie


def is_same_origin(request: HttpRequest) -> bool:
    """Stand-in for a CSRF token, which would make every page's bytes differ per visitor.

    Browsers tell where a form post came from; a post from another site is refused, so
    nobody can give or withdraw consent on a visitor's behalf.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if origin == "null":
        # An opaque origin: a sandboxed frame or a data: page, never one of our own pages.
        return False
    if not origin:
        # Clients that send none of these headers (old browsers, privacy tools) cannot be
        # led by another site either; refusing them would lock them out of withdrawing.
        return True
    parts = urlsplit(origin)
    own = f"{request.scheme}://{request.get_host()}"
    return f"{parts.scheme}://{parts.netloc}" in [own, *settings.CSRF_TRUSTED_ORIGINS]


def sends_gpc(request: HttpRequest) -> bool:
    return request.headers.get("Sec-GPC", "").strip() == "1" or request.POST.get("gpc") == "1"


class PlaceholderAwareProcessor(CookiesProcessor):
    """Deletes declared cookies whose name has a placeholder (`_ga_<container-id>`) by the
    names the browser actually sent."""

    def _delete_cookies(self, cookie_groups: Collection[CookieGroup]) -> None:
        for cookie_group in cookie_groups:
            if not cookie_group.is_deletable:
                continue
            for cookie in cookie_group.cookie_set.all():
                prefix, placeholder, __ = cookie.name.partition("<")
                names = (
                    [name for name in self.request.COOKIES if name.startswith(prefix)]
                    if placeholder
                    else [cookie.name]
                )
                for name in names:
                    self.response.delete_cookie(name, cookie.path or "/", cookie.domain or None)


@method_decorator(csrf_exempt, name="dispatch")
class DecideView(CookieGroupBaseProcessView):
    """Accept or decline cookie groups from the banner or the settings page, with or without
    JavaScript, and keep the proof.

    Extends django-cookie-consent's accept/decline views (same form, processor and safe
    redirect) with the consent id, the policy version, Global Privacy Control and a record.
    """

    http_method_names = ["post"]

    def get_default_redirect_url(self) -> str:
        return reverse("cookies:settings")

    def get_success_url(self) -> str:
        # Django allows any URL without another host; only a path on this site makes sense
        # here (a relative "next" would resolve against the consent endpoint).
        url = super().get_success_url()
        if not url.startswith("/") or url.startswith(("//", "/\\")):
            return self.get_default_redirect_url()
        return url

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not is_same_origin(request):
            return self.problem(_("This choice was not sent from this site."), status=403)
        action = request.POST.get("action")
        source = request.POST.get("source")
        form = ProcessCookiesForm(data=request.POST)
        if action not in ("accept", "decline") or source not in ConsentRecord.Source.values:
            return self.problem(_("Choose to accept or to reject."), status=400)
        if not form.is_valid() or not form.get_cookie_groups():
            return self.problem(_("That cookie group does not exist (any more)."), status=400)
        groups = list(form.get_cookie_groups())
        gpc = sends_gpc(request)
        if gpc and source == ConsentRecord.Source.BANNER:
            # Global Privacy Control is a refusal; only the settings page can override it.
            action = "decline"

        response = HttpResponse(status=204) if is_ajax_like(request) else self.redirect()
        PlaceholderAwareProcessor(request, response).process(groups, action=action)
        policy_version, revision_id = current_policy()
        decision = decide(
            request_values=get_cookie_dict_from_request(request),
            processed_values=read_response_values(response),
            decided_groups=[group.varname for group in groups],
            policy_version=policy_version,
            opt_in=action == "accept" and source == ConsentRecord.Source.SETTINGS,
        )
        states = [entry["state"] for entry in decision.states.values()]
        if all(state == ACCEPTED for state in states):
            outcome = ConsentRecord.Outcome.ACCEPTED
        elif all(state == DECLINED for state in states):
            outcome = ConsentRecord.Outcome.DECLINED
        else:
            outcome = ConsentRecord.Outcome.PARTIAL
        ConsentRecord.objects.create(
            consent_id=decision.consent_id,
            choices=decision.states,
            outcome=outcome,
            source=source,
            policy_version=policy_version,
            notice_revision_id=revision_id,
            language=(get_language() or "")[:10],
            global_privacy_control=gpc,
        )
        lifetime = ConsentSettings.for_request(request).consent_lifetime_days
        write_cookie(request, response, decision.values, max_age=lifetime * 24 * 60 * 60)
        return response

    def redirect(self) -> HttpResponseBase:
        # Without JavaScript the page cannot read the cookie; the fragment lets its CSS
        # confirm the choice and hide the banner on the page the visitor comes back to.
        return HttpResponseRedirect(self.get_success_url().split("#")[0] + "#cc-saved")

    def problem(self, message: str, status: int) -> HttpResponseBase:
        if is_ajax_like(self.request):
            return JsonResponse({"error": str(message)}, status=status)
        return render(
            self.request,
            "cookies/problem.html",
            {"message": message, "back_url": self.get_success_url()},
            status=status,
        )


class SettingsPageView(TemplateView):
    """Every cookie group with its state, and buttons to accept or reject each.

    The bytes are the same for every visitor: the script shows each group's state from the
    visitor's own cookie, so the page can be cached like any other.
    """

    template_name = "cookies/settings_page.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        groups = declared_cookie_groups()
        context["cookie_groups"] = groups
        context["optional_groups"] = [g for g in groups if g.varname in all_cookie_groups()]
        return context
