"""Public views of RightsRequestPage: the form, "check your email", and email verification.

RightsRequestPage's routes call these so that models.py stays about the content models.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cookies.client_address import client_limit_key

from .flow import (
    Submission,
    VerificationResult,
    confirm_email,
    request_for_token,
    submit_request,
)
from .forms import RightsRequestForm

logger = logging.getLogger(__name__)

SENT_TEMPLATE = "notices/rights/request_sent.html"
CONFIRM_TEMPLATE = "notices/rights/request_confirm.html"


def page_language(page) -> str:
    return page.locale.language_code if page.locale_id else "fi"


def render_form(
    page, request: HttpRequest, form: RightsRequestForm, *, status: int = 200, problem=None
) -> TemplateResponse:
    context = page.get_context(request)
    context.update({"form": form, "problem": problem})
    return TemplateResponse(request, page.get_template(request), context, status=status)


def form_view(page, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render_form(page, request, RightsRequestForm())

    form = RightsRequestForm(request.POST)
    sent_url = page.url + page.reverse_subpage("sent")
    if not form.is_valid():
        return render_form(page, request, form, status=200)

    def confirm_url_for(token: str) -> str:
        path = page.url + page.reverse_subpage("confirm", args=[token])
        return request.build_absolute_uri(path)

    __, outcome = submit_request(
        page,
        form.cleaned_data,
        language=page_language(page),
        client_key=client_limit_key(request),
        confirm_url_for=confirm_url_for,
        # Wagtail found the site when it routed the request; page.get_site() would ask again.
        site=Site.find_for_request(request) or page.get_site(),
    )
    if outcome is Submission.LIMITED:
        problem = _(
            "You have sent several requests in a short time. Your text is kept below; please "
            "try again in an hour, or write to the contact person named in the notice."
        )
        return render_form(page, request, form, status=429, problem=problem)
    return HttpResponseRedirect(sent_url)


def sent_view(page, request: HttpRequest) -> TemplateResponse:
    context = page.get_context(request)
    return TemplateResponse(request, SENT_TEMPLATE, context)


def confirm_view(page, request: HttpRequest, token: str) -> TemplateResponse:
    """GET shows a button; only the POST confirms, so mail scanners that open links do not."""
    rights_request, result = request_for_token(token)
    if result == VerificationResult.CONFIRMED and request.method == "POST":
        result = "done" if confirm_email(rights_request) else VerificationResult.ALREADY
    repeats = 0
    if result == VerificationResult.CONFIRMED:
        # What the requester confirms: their request and whatever was sent again in their name.
        repeats = rights_request.notes.filter(from_requester=True, verified_at__isnull=True).count()
    status = 400 if result in (VerificationResult.INVALID, VerificationResult.EXPIRED) else 200
    context = page.get_context(request)
    context.update(
        {
            "result": result,
            "repeats": repeats,
            "request_type": rights_request.get_request_type_display() if rights_request else "",
        }
    )
    return TemplateResponse(request, CONFIRM_TEMPLATE, context, status=status)
