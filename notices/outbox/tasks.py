"""Background work on django-tasks: `manage.py db_worker --backend seloste` runs it.

Mail goes through a backend of its own (`SELOSTE_TASKS_BACKEND`, "seloste"), so a host can queue
it durably while Wagtail's own tasks (search and reference indexing) stay on the default
backend and run at once, without waiting for a worker.
"""

from django.conf import settings
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task

from .models import OutboxMessage, OutboxStatus


def outbox_backend() -> str:
    """The alias mail is queued on: SELOSTE_TASKS_BACKEND when TASKS defines it, else default."""
    alias = getattr(settings, "SELOSTE_TASKS_BACKEND", "seloste")
    return (
        alias if alias in (getattr(settings, "TASKS", None) or {}) else DEFAULT_TASK_BACKEND_ALIAS
    )


@task(backend=outbox_backend())
def deliver_outbox_message(message_id: int) -> str:
    """Send one outbox message; on failure schedule the next attempt as a new task.

    django-tasks has no retries of its own, so the outbox keeps the attempt count and the
    next time, and each retry is simply another queued task. Each run also frees what workers
    that died left behind (recovery.py), so no message waits for `deliver_mail` for that.
    """
    from .recovery import recover_dead_workers  # recovery queues this task

    recover_dead_workers()
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
