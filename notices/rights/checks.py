"""What the notice's completeness check learns from the rights requests app."""

from django.utils.translation import gettext_lazy as _

from notices.checks import ERROR, Finding

from .flow import routing_recipients

NOBODY_MESSAGE = _(
    "The request form under this notice sends requests to nobody: choose a contact person "
    "with an email address in the 'Contact person' section, or set an extra inbox under "
    "Seloste → Settings → Rights requests."
)


def routing_findings(notice) -> list[Finding]:
    """A request page under the notice whose requests would reach nobody (Art. 12(2))."""
    from .models import RightsRequestPage

    if not notice.pk or not RightsRequestPage.objects.child_of(notice).exists():
        return []
    if routing_recipients(notice):
        return []
    return [Finding("request_routing", "12(2)", ERROR, NOBODY_MESSAGE)]
