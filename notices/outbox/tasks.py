"""Background work on django-tasks: `manage.py db_worker` runs it from the database queue."""

from django_tasks import task

from .models import OutboxMessage, OutboxStatus


@task()
def deliver_outbox_message(message_id: int) -> str:
    """Send one outbox message; on failure schedule the next attempt as a new task.

    django-tasks has no retries of its own, so the outbox keeps the attempt count and the
    next time, and each retry is simply another queued task.
    """
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    if message.deliver():
        return OutboxStatus.SENT
    backend = deliver_outbox_message.get_backend()
    # A backend that cannot defer (ImmediateBackend) leaves the retry to `deliver_mail`.
    if (
        message.status == OutboxStatus.PENDING
        and message.next_attempt_at
        and backend.supports_defer
    ):
        deliver_outbox_message.using(run_after=message.next_attempt_at).enqueue(message_id)
    return message.status
