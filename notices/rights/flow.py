"""What happens to a rights request: receipt, verification, status changes, reminders, purge.

Views and commands call these functions; they keep the order that makes requests safe: the
request row is committed first, mail is queued afterwards, and every change is written to
Wagtail's audit log.
"""

import datetime
import enum
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from notices.models import SupervisoryAuthority
from notices.outbox.mail import SendTimeValues, queue_mail

from .deadlines import add_months, local_date
from .limits import check_and_count_rate, normalise_email, submission_lock
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RequestNote,
    RequestStatus,
    RightsRequest,
    RightsRequestSettings,
)
from .tokens import read_token

logger = logging.getLogger(__name__)

MAIL_TEMPLATES = "notices/rights/mail/"
DUPLICATE_WINDOW = datetime.timedelta(days=1)
# A repeat of an unconfirmed request sends its link again, but not more often than this.
RESEND_LINK_AFTER = datetime.timedelta(minutes=10)


class TransitionError(ValueError):
    """A status change the request's current state or Art. 12 does not allow."""


# --- receipt -----------------------------------------------------------------------------------


class Submission(enum.Enum):
    CREATED = "created"  # a new request, with its mails
    REPEATED = "repeated"  # added to the same requester's unconfirmed request
    LIMITED = "limited"  # over a rate limit: nothing stored


def admin_url(rights_request: RightsRequest) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("rights_requests:edit", args=[rights_request.pk])


_LOOK_UP = object()


def routing_recipients(notice, site=None, *, extra_inbox=_LOOK_UP) -> list[str]:
    """Who a new request through `notice`'s form reaches: its contact person, the site's extra
    inbox, else the site's MANAGERS. Empty when nobody would. `extra_inbox`, when given, is the
    site's extra inbox already looked up ("" for none)."""
    recipients = []
    contact = notice.contact_person if notice else None
    if contact is not None and contact.email:
        recipients.append(contact.email)
    if extra_inbox is _LOOK_UP:
        if site is None and notice is not None and notice.pk:
            site = notice.get_site()
        extra_inbox = RightsRequestSettings.for_site(site).extra_inbox if site else ""
    if extra_inbox and extra_inbox.lower() not in (r.lower() for r in recipients):
        recipients.append(extra_inbox)
    if not recipients:
        recipients = [email for _name, email in getattr(settings, "MANAGERS", []) if email]
    return recipients


def staff_recipients(rights_request: RightsRequest, site=None) -> list[str]:
    """The contact person of the notice, then the site's optional extra inbox."""
    recipients = []
    if rights_request.routed_to_email:
        recipients.append(rights_request.routed_to_email)
    if site is None and rights_request.notice_id:
        notice = rights_request.notice
        site = notice.get_site() if notice else None
    if site is not None:
        extra = RightsRequestSettings.for_site(site).extra_inbox
        if extra and extra.lower() not in (r.lower() for r in recipients):
            recipients.append(extra)
    if not recipients:
        # Nobody is named: fall back to the site's managers so the request still reaches a human.
        recipients = [email for _name, email in getattr(settings, "MANAGERS", [])]
    return recipients


def find_repeatable(email_key: str, request_type: str, notice) -> RightsRequest | None:
    """The same requester's request of the same kind from the last day that a repeat may join:
    only one whose address is not yet confirmed, so a repeat never amends what the requester
    has already confirmed (whoever sends the repeat, it is confirmed by the same link)."""
    since = timezone.now() - DUPLICATE_WINDOW
    return (
        RightsRequest.objects.filter(
            email_key=email_key,
            request_type=request_type,
            notice=notice,
            received_at__gte=since,
            status__in=OPEN_STATUSES,
            verified_at__isnull=True,
            anonymised_at__isnull=True,
        )
        # Held until the repeat is stored: a confirmation at the same moment waits, and then
        # confirms the repeat with the request.
        .select_for_update()
        .order_by("-received_at", "-pk")
        .first()
    )


def submit_request(
    page, data: dict, *, language: str, client_key: str, confirm_url_for, site=None
) -> tuple[RightsRequest | None, Submission]:
    """Count, match and store a request from the form atomically, then queue its mails.

    `confirm_url_for(token)` builds the absolute verification link (the token is a placeholder
    the outbox fills in when sending). Under one lock per limited key (the client's address and
    the normalised email) the limits are counted, an unconfirmed request of the same kind from
    the same email within a day is looked for, and the request or the repeat is stored: any
    number of identical posts at once give one request.
    """
    notice = page.notice
    contact = notice.contact_person if notice else None
    email_key = normalise_email(data["email"])
    limited = {"address": client_key, "email": email_key}
    resend_link = False

    with submission_lock(limited):
        if not check_and_count_rate(limited):
            return None, Submission.LIMITED
        earlier = find_repeatable(email_key, data["request_type"], notice)
        if earlier is not None:
            repeat_request(earlier, data["message"])
            mailed = earlier.verification_mailed_at
            if mailed is None or mailed < timezone.now() - RESEND_LINK_AFTER:
                earlier.verification_mailed_at = timezone.now()
                earlier.save(update_fields=["verification_mailed_at"])
                resend_link = True
            rights_request, outcome = earlier, Submission.REPEATED
        else:
            rights_request = RightsRequest(
                request_type=data["request_type"],
                name=data["name"],
                email=data["email"],
                phone=data.get("phone", ""),
                message=data["message"],
                language=language,
                notice=notice,
                notice_revision_id=notice.live_revision_id if notice else None,
                notice_title=notice.title[:255] if notice else "",
                contact_person=contact,
                routed_to_email=contact.email if contact else "",
                verification_mailed_at=timezone.now(),
            )
            rights_request.start_verification()
            rights_request.save()
            log(rights_request, "notices.request.received")
            outcome = Submission.CREATED

    # The request is committed; from here on a failure may delay mail but loses nothing.
    try:
        if outcome is Submission.CREATED:
            queue_verification_mail(rights_request, confirm_url_for)
            notify_staff(rights_request, "new_request", site=site)
        elif resend_link:
            queue_verification_mail(rights_request, confirm_url_for)
    except Exception:  # noqa: BLE001 - the request is stored; the inbox shows it regardless
        logger.exception("Queueing mail for rights request %s failed", rights_request.pk)
    return rights_request, outcome


def repeat_request(earlier: RightsRequest, message: str) -> RequestNote | None:
    """Keep a repeat's new text as an unconfirmed note; the same text again adds nothing."""
    repeats = earlier.notes.filter(from_requester=True).values_list("text", flat=True)
    known = {earlier.message, *repeats}
    note = None
    if message not in known:
        note = RequestNote.objects.create(request=earlier, text=message, from_requester=True)
    log(earlier, "notices.request.repeated", data={"note_id": note.pk if note else None})
    return note


def queue_verification_mail(rights_request: RightsRequest, confirm_url_for) -> None:
    values = SendTimeValues()
    context = {
        "rights_request": rights_request,
        "request_type": rights_request.get_request_type_display(),
        "confirm_url": confirm_url_for(values.placeholder("verification_token")),
        "expires_at": rights_request.verification_expires_at,
    }
    queue_mail(
        kind="verification",
        to=rights_request.email,
        template=MAIL_TEMPLATES + "verification",
        context=context,
        language=rights_request.language,
        about=rights_request,
        reply_to=rights_request.routed_to_email,
        send_time_values=values,
    )


def notify_staff(rights_request: RightsRequest, template: str, *, site=None, **extra) -> None:
    context = {
        "rights_request": rights_request,
        "request_type": rights_request.get_request_type_display(),
        "admin_url": admin_url(rights_request),
        **extra,
    }
    for recipient in staff_recipients(rights_request, site=site):
        queue_mail(
            kind=template,
            to=recipient,
            template=MAIL_TEMPLATES + template,
            context=context,
            language=rights_request.language,
            about=rights_request,
        )


# --- verification ------------------------------------------------------------------------------


class VerificationResult:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    INVALID = "invalid"
    EXPIRED = "expired"


def request_for_token(token: str) -> tuple[RightsRequest | None, str]:
    """The request a verification token names, or why it cannot be used."""
    payload = read_token(token)
    if payload is None:
        return None, VerificationResult.INVALID
    rights_request = RightsRequest.objects.filter(
        pk=payload.get("r"), anonymised_at__isnull=True
    ).first()
    if rights_request is None or not rights_request.nonce_matches(str(payload.get("n", ""))):
        return None, VerificationResult.INVALID
    if rights_request.verified_at:
        return rights_request, VerificationResult.ALREADY
    if rights_request.verification_expires_at and (
        rights_request.verification_expires_at < timezone.now()
    ):
        return None, VerificationResult.EXPIRED
    return rights_request, VerificationResult.CONFIRMED


def confirm_email(rights_request: RightsRequest) -> bool:
    """The link was used: the request, and every repeat added to it so far, are confirmed.

    False when another use of the link got there first (two clicks at once confirm once)."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = RightsRequest.objects.filter(
            pk=rights_request.pk, verified_at__isnull=True
        ).update(verified_at=now)
        if not confirmed:
            return False
        rights_request.verified_at = now
        if rights_request.status == RequestStatus.RECEIVED:
            rights_request.status = RequestStatus.VERIFIED
            rights_request.save(update_fields=["status"])
        rights_request.notes.filter(from_requester=True, verified_at__isnull=True).update(
            verified_at=now
        )
        log(rights_request, "notices.request.verified")
    try:
        notify_staff(rights_request, "verified")
    except Exception:  # noqa: BLE001 - verification is recorded; the inbox shows it
        logger.exception("Queueing verified mail for request %s failed", rights_request.pk)
    return True


# --- handling ----------------------------------------------------------------------------------


def change_status(
    rights_request: RightsRequest, new_status: str, *, user, reason: str = ""
) -> None:
    """Move a request on; extension and refusal need a reason and tell the requester."""
    if new_status not in rights_request.allowed_transitions():
        raise TransitionError(_("This request cannot be moved to that status now."))
    reason = reason.strip()
    if new_status in (RequestStatus.EXTENDED, RequestStatus.REFUSED) and not reason:
        raise TransitionError(_("Give the reason; the requester will receive it."))

    old_status = rights_request.status
    now = timezone.now()
    with transaction.atomic():
        rights_request.status = new_status
        fields = ["status"]
        if new_status == RequestStatus.VERIFIED and not rights_request.verified_at:
            rights_request.verified_at = now
            fields.append("verified_at")
        if new_status == RequestStatus.EXTENDED:
            rights_request.extension_reason = reason
            rights_request.deadline = add_months(local_date(rights_request.received_at), 3)
            fields += ["extension_reason", "deadline"]
        if new_status == RequestStatus.REFUSED:
            rights_request.refusal_reason = reason
            fields.append("refusal_reason")
        if new_status in CLOSED_STATUSES:
            rights_request.closed_at = now
            fields.append("closed_at")
        rights_request.save(update_fields=fields)
        log(
            rights_request,
            "notices.request.status",
            user=user,
            data={"from": old_status, "to": new_status, "reason": reason},
        )

        if new_status == RequestStatus.EXTENDED:
            _mail_requester(rights_request, "extended", reason=reason)
        elif new_status == RequestStatus.REFUSED:
            _mail_requester(rights_request, "refused", reason=reason)


def _mail_requester(rights_request: RightsRequest, template: str, **extra) -> None:
    notice = rights_request.notice
    controller = notice.controller if notice else None
    with translation.override(rights_request.language):
        authority = SupervisoryAuthority.default(controller.country if controller else None)
    queue_mail(
        kind=template,
        to=rights_request.email,
        template=MAIL_TEMPLATES + template,
        context={
            "rights_request": rights_request,
            "request_type": rights_request.get_request_type_display(),
            "authority": authority,
            "contact_email": rights_request.routed_to_email,
            **extra,
        },
        language=rights_request.language,
        about=rights_request,
        reply_to=rights_request.routed_to_email,
    )


def add_note(rights_request: RightsRequest, *, user, text: str) -> RequestNote:
    with transaction.atomic():
        note = RequestNote.objects.create(request=rights_request, author=user, text=text.strip())
        log(rights_request, "notices.request.note", user=user, data={"note_id": note.pk})
    return note


# --- reminders and retention -------------------------------------------------------------------


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind the contact person 7 days before the deadline and on it; each once."""
    today = today or local_date(timezone.now())
    sent = 0
    for rights_request in RightsRequest.objects.open().filter(
        deadline__lte=today + datetime.timedelta(days=7)
    ):
        if rights_request.deadline <= today and not rights_request.deadline_reminder_sent_at:
            field, template = "deadline_reminder_sent_at", "reminder_due"
        elif rights_request.deadline > today and not rights_request.week_reminder_sent_at:
            field, template = "week_reminder_sent_at", "reminder_week"
        else:
            continue
        with transaction.atomic():
            notify_staff(rights_request, template, days_left=(rights_request.deadline - today).days)
            setattr(rights_request, field, timezone.now())
            rights_request.save(update_fields=[field])
            log(rights_request, "notices.request.reminded", data={"template": template})
        sent += 1
    return sent


def purge_closed(older_than: datetime.datetime) -> int:
    """Remove the personal data of requests closed before `older_than`; keep an anonymous stub.

    The stub keeps type, dates, status, notice and routing: enough to show that requests were
    answered in time, nothing that identifies the requester.
    """
    purged = 0
    candidates = RightsRequest.objects.filter(
        status__in=CLOSED_STATUSES, closed_at__lt=older_than, anonymised_at__isnull=True
    )
    for rights_request in candidates:
        with transaction.atomic():
            rights_request.name = ""
            rights_request.email = ""
            rights_request.phone = ""
            rights_request.message = ""
            rights_request.extension_reason = ""
            rights_request.refusal_reason = ""
            rights_request.verification_nonce = ""
            rights_request.anonymised_at = timezone.now()
            rights_request.save()
            rights_request.notes.all().delete()
            rights_request.outbox_messages.all().delete()
            # Reasons typed by handlers may name the requester: drop them from the audit log too.
            for entry in ModelLogEntry.objects.for_instance(rights_request):
                if isinstance(entry.data, dict) and entry.data.get("reason"):
                    entry.data = {**entry.data, "reason": ""}
                    entry.save(update_fields=["data"])
            log(rights_request, "notices.request.purged")
        purged += 1
    return purged
