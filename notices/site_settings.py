"""Switches an editor or the privacy team may change without a deployment."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class RightsRequestSettings(BaseSiteSetting):
    """Where copies of rights requests go, and how long closed requests are kept."""

    extra_inbox = models.EmailField(
        _("extra inbox"),
        blank=True,
        help_text=_(
            "Optional. Every new rights request is also sent here, for example to a shared "
            "privacy mailbox, in addition to the contact person named in the notice."
        ),
    )
    retention_months = models.PositiveIntegerField(
        _("keep closed requests for (months)"),
        default=36,
        help_text=_(
            "After this many months, the personal data of completed or refused requests is "
            "removed. An anonymous record of the request stays for accountability."
        ),
    )

    panels = [FieldPanel("extra_inbox"), FieldPanel("retention_months")]

    class Meta:
        verbose_name = _("rights requests")
