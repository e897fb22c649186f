"""Consent decisions and the cookie settings page, on top of django-cookie-consent's views."""

from collections.abc import Collection
from urllib.parse import urlsplit

from cookie_consent.cache import all_cookie_groups
from cookie_consent.conf import settings as cc_settings
from cookie_consent.forms import ProcessCookiesForm
from cookie_consent.models import Cookie, CookieGroup
from cookie_consent.processor import CookiesProcessor
from cookie_consent.util import get_cookie_dict_from_request
from cookie_consent.views import CookieGroupBaseProcessView, is_ajax_like
from django.conf import settings
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from .consent import current_policy
from .declarations import declared_cookie_groups
from .limits import allow_first_decision
from .models import BannerVersion, ConsentRecord, ConsentSettings, DeclarationVersion
from .state import (
    ACCEPTED,
    DECLINED,
    Lifecycle,
    consent_id_from,
    decide,
    read_response_values,
    write_cookie,
)
from .statistics import count_decision
from .versions import banner_version_id, declaration_version_id


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
        deletable = [group.pk for group in cookie_groups if group.is_deletable]
        # Only cookies of this site: storage keys are cleared by the page's script, and
        # another site's cookies (in its frames) are out of this response's reach.
        cookies = (
            Cookie.objects.filter(cookiegroup__in=deletable)
            .exclude(declaredcookie__storage__in=["local", "session"])
            .values_list("name", "path", "domain")
        )
        host = self.request.get_host().partition(":")[0]
        for declared, path, domain in cookies:
            if domain and not ("." + host).endswith("." + domain.lstrip(".")):
                continue
            prefix, placeholder, __ = declared.partition("<")
            names = (
                [name for name in self.request.COOKIES if name.startswith(prefix)]
                if placeholder
                else [declared]
            )
            for name in names:
                self.response.delete_cookie(name, path or "/", domain or None)


@method_decorator(csrf_exempt, name="dispatch")
class DecideView(CookieGroupBaseProcessView):
    """Accept or decline cookie groups from the banner, the settings page or an embed
    placeholder, with or without JavaScript, and keep the proof.

    Extends django-cookie-consent's accept/decline views (same form, processor and safe
    redirect) with the consent id, the policy version, Global Privacy Control, the lifecycle
    of choices, and a record pointing to the banner and declarations the visitor chose on.
    """

    http_method_names = ["post"]

    def get_default_redirect_url(self) -> str:
        # Without JavaScript, back to the page the choice was made on (a placeholder's form
        # cannot know its page's address: the same HTML is on every page that embeds it).
        referer = urlsplit(self.request.headers.get("Referer", ""))
        if referer.path and is_same_origin(self.request):
            return referer.path
        return reverse("cookies:settings")

    def get_success_url(self) -> str:
        # Django allows any URL without another host; only a path on this site makes sense
        # here (a relative "next" would resolve against the consent endpoint).
        url = super().get_success_url() or self.get_default_redirect_url()
        if not url.startswith("/") or url.startswith(("//", "/\\")):
            return reverse("cookies:settings")
        return url

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if not is_same_origin(request):
            return self.problem(_("This choice was not sent from this site."), status=403)
        action = request.POST.get("action")
        source = request.POST.get("source")
        form = ProcessCookiesForm(data=request.POST)
        if action not in ("accept", "decline") or source not in SOURCES:
            return self.problem(_("Choose to accept or to reject."), status=400)
        if not form.is_valid() or not form.get_cookie_groups():
            return self.problem(_("That cookie group does not exist (any more)."), status=400)
        groups = list(form.get_cookie_groups())
        gpc = sends_gpc(request)
        if gpc and source == ConsentRecord.Source.BANNER:
            # Global Privacy Control is a refusal; only the settings page can override it.
            action, source = "decline", ConsentRecord.Source.GPC

        setting = ConsentSettings.for_request(request)
        request_values = get_cookie_dict_from_request(request)
        first = not self.has_records(request_values)
        if first and not allow_first_decision(request):
            if action == "accept":
                return self.problem(
                    _(
                        "Too many choices have come from your network just now, so this one "
                        "was not saved. Try again in a few minutes; rejecting works at any time."
                    ),
                    status=429,
                )
            # A refusal needs no proof: honour it, store nothing more from this address.
            source = None

        response = HttpResponse(status=204) if is_ajax_like(request) else self.redirect()
        PlaceholderAwareProcessor(request, response).process(groups, action=action)
        policy_version, revision_id = current_policy()
        decision = decide(
            request_values=request_values,
            processed_values=read_response_values(response),
            decided_groups=[group.varname for group in groups],
            policy_version=policy_version,
            opt_in=action == "accept" and source == ConsentRecord.Source.SETTINGS,
            lifecycle=Lifecycle.of(setting),
        )
        if not decision.changed:
            # The same choice again: no record, and the cookie (and its dates) stay as they are.
            response.cookies.pop(cc_settings.COOKIE_CONSENT_NAME, None)
            return response
        if source is not None:
            self.store(decision, source, policy_version, revision_id, gpc)
        max_age = setting.consent_lifetime_days * 24 * 60 * 60
        write_cookie(request, response, decision.values, max_age=max_age)
        return response

    @staticmethod
    def has_records(values: dict[str, str]) -> bool:
        consent_id = consent_id_from(values)
        return (
            consent_id is not None and ConsentRecord.objects.filter(consent_id=consent_id).exists()
        )

    def store(self, decision, source: str, policy_version: int, revision_id, gpc: bool) -> None:
        states = [entry["state"] for entry in decision.states.values()]
        if all(state == ACCEPTED for state in states):
            outcome = ConsentRecord.Outcome.ACCEPTED
        elif all(state == DECLINED for state in states):
            outcome = ConsentRecord.Outcome.DECLINED
        else:
            outcome = ConsentRecord.Outcome.PARTIAL
        language = (get_language() or "")[:10]
        with transaction.atomic():
            record = ConsentRecord.objects.create(
                consent_id=decision.consent_id,
                choices=decision.states,
                outcome=outcome,
                source=source,
                policy_version=policy_version,
                notice_revision_id=revision_id,
                banner_version_id=self.shown_version(BannerVersion, "banner_version", language),
                declaration_version_id=self.shown_version(
                    DeclarationVersion, "declaration_version", language
                )
                or declaration_version_id(language, for_record=True),
                language=language,
                global_privacy_control=gpc,
            )
            count_decision(record)

    def shown_version(self, model, field: str, language: str) -> int | None:
        """The version the visitor's page said it showed, if it exists in their language."""
        try:
            pk = int(self.request.POST.get(field, ""))
        except ValueError:
            return None
        return pk if model.objects.filter(pk=pk, language=language).exists() else None

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


SOURCES = [
    ConsentRecord.Source.BANNER,
    ConsentRecord.Source.SETTINGS,
    ConsentRecord.Source.MEDIA,
]


class SettingsPageView(TemplateView):
    """Every cookie group with its state, and buttons to accept or reject each.

    The bytes are the same for every visitor: the script shows each group's state, and the
    visitor's own consent id and the date of their choice, from the visitor's own cookie, so
    the page can be cached like any other.
    """

    template_name = "cookies/settings_page.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        groups = declared_cookie_groups()
        optional = [g for g in groups if g.varname in all_cookie_groups()]
        context.update(
            cookie_groups=groups,
            optional_groups=optional,
            decide_url=reverse("cookies:decide"),
            declaration_version=declaration_version_id(),
        )
        # What every visitor sees here is the version its decisions point to.
        shown = render_to_string("cookies/settings_content.html", context)
        context["banner_version"] = banner_version_id("settings", shown)
        return context
