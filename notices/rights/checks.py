"""What the notice's completeness check learns from the rights requests app."""

from django.utils.translation import gettext_lazy as _

from notices.checks import ERROR, Finding, shared_lookup

from .flow import routing_recipients

NOBODY_MESSAGE = _(
    "The request form under this notice sends requests to nobody: choose a contact person "
    "with an email address in the 'Contact person' section, or set an extra inbox under "
    "Seloste → Settings → Rights requests."
)


def routing_findings(notice) -> list[Finding]:
    """A request page under the notice whose requests would reach nobody (Art. 12(2))."""
    from wagtail.models import Page

    from .models import RightsRequestPage, RightsRequestSettings

    if not notice.pk:
        return []
    contact = notice.contact_person
    if contact is not None and contact.email:
        return []  # a form under it reaches them: nothing to look up
    # Checking many notices (the dashboard), each lookup is made once for all of them.
    parents = shared_lookup(
        "rights: request page parents",
        lambda: {
            path[: -Page.steplen]
            for path in RightsRequestPage.objects.values_list("path", flat=True)
        },
    )
    if notice.path not in parents:
        return []
    url_parts = notice.get_url_parts()
    inboxes = shared_lookup(
        "rights: extra inboxes",
        lambda: dict(RightsRequestSettings.objects.values_list("site_id", "extra_inbox")),
    )
    extra_inbox = inboxes.get(url_parts[0], "") if url_parts else ""
    if routing_recipients(notice, extra_inbox=extra_inbox):
        return []
    return [Finding("request_routing", "12(2)", ERROR, NOBODY_MESSAGE)]
