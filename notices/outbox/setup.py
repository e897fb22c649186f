"""Removing the outbox (`uninstall_seloste`): the queued deliveries in django-tasks' table."""

from collections.abc import Callable

from django.apps import apps


def uninstall(report: Callable[[str], None]) -> None:
    from .tasks import deliver_outbox_message

    if apps.is_installed("django_tasks_db"):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        deleted, _counts = DBTaskResult.objects.filter(
            task_path=deliver_outbox_message.module_path
        ).delete()
        if deleted:
            report(f"Deleted {deleted} mail delivery task(s) from the task queue.")
