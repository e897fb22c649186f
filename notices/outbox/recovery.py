"""What a task worker that died (kill -9, a lost machine, an out-of-memory kill) leaves behind:
messages it had claimed and django-tasks rows it had marked RUNNING.

django-tasks-db (0.13) records which worker took a task but never notices that the worker has
gone: its rows stay RUNNING forever. A delivery never takes longer than the stale-claim time
(smtp.py bounds every send), so anything older is a dead worker's. Its messages go back to the
queue when they never reached the mail server, and are held as unconfirmed when they did (the
server may have delivered them; sending again could make a second copy). Its task rows are
marked failed and the delivery is queued again, which is safe because a message is claimed
before it is sent.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from .models import OutboxMessage, OutboxStatus, stale_claim
from .tasks import deliver_outbox_message


class WorkerLost(RuntimeError):
    """The worker running this task stopped before finishing it."""


@dataclass
class Recovery:
    requeued: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    dead_tasks: int = 0

    def __bool__(self) -> bool:
        return bool(self.requeued or self.held or self.dead_tasks)


def recover_dead_workers() -> Recovery:
    recovery = Recovery()
    now = timezone.now()
    for message in OutboxMessage.objects.stale_claims().only("pk", "claimed_at", "handed_over_at"):
        # Conditional on the same claim: two recoveries at once act on each message once.
        same_claim = OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.SENDING, claimed_at=message.claimed_at
        )
        if message.handed_over_at:
            if same_claim.update(
                status=OutboxStatus.UNCONFIRMED,
                last_error=(
                    "The worker stopped after handing the message to the mail server, before "
                    "its answer: it may have been delivered."
                ),
            ):
                recovery.held.append(message.pk)
        elif same_claim.update(
            status=OutboxStatus.PENDING,
            next_attempt_at=now,
            last_error="The worker sending it stopped before the mail server received it.",
        ):
            recovery.requeued.append(message.pk)

    retry = set(recovery.requeued)
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        dead = DBTaskResult.objects.running().filter(
            task_path=deliver_outbox_message.module_path, started_at__lt=now - stale_claim()
        )
        for task_row in dead:
            task_row.set_failed(WorkerLost("The task worker stopped while running this task."))
            recovery.dead_tasks += 1
            args = task_row.args_kwargs.get("args") or [None]
            if OutboxMessage.objects.unsent().filter(pk=args[0]).exists():
                retry.add(args[0])
    for message_id in sorted(retry):
        deliver_outbox_message.enqueue(message_id)
    return recovery
