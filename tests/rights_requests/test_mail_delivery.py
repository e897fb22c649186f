"""Mail as close to exactly once as SMTP allows, against a real SMTP server on loopback that
accepts and then stalls, and a real task worker process killed with SIGKILL mid-send."""

import datetime
import os
import signal
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notices.outbox.models import OutboxMessage, OutboxStatus
from notices.outbox.tasks import outbox_backend
from tests.rights_requests.smtp_server import STALL_AFTER_DATA, STALL_AT_RCPT, StallingSMTPServer
from tests.rights_requests.test_flow import FORM_URL, valid_data

ROOT = Path(__file__).resolve().parents[2]
# django-tasks-db's worker, on the backend mail is queued on.
WORKER = ("db_worker", "--backend", outbox_backend(), "--no-reload", "--no-startup-delay")


@pytest.fixture
def smtp_to(settings):
    """Point Django's own SMTP backend (as a host site configures it) at a test server."""

    def configure(server: StallingSMTPServer) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 1
        settings.SELOSTE_OUTBOX_FINAL_REPLY_TIMEOUT = 1

    return configure


def deliver_mail(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("deliver_mail", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_a_server_that_accepts_then_stalls_gets_each_message_once(
    fi_notice, client, run_worker, smtp_to
):
    with StallingSMTPServer(stall_at=STALL_AFTER_DATA, stall_seconds=3) as server:
        smtp_to(server)
        client.post(FORM_URL, valid_data())
        run_worker()
        # The worker waited for the answer, timed out, and did not send again.
        assert len(server.messages) == 2
        messages = list(OutboxMessage.objects.order_by("pk"))
        assert {m.status for m in messages} == {OutboxStatus.UNCONFIRMED}
        assert not DBTaskResult.objects.ready().exists()
        # Each copy carries its message's own, stable Message-ID.
        assert sorted(server.message_ids()) == sorted(m.message_id for m in messages)
        # The verification link was filled in as it was sent, though never stored.
        verification = next(m for m in server.messages if "/confirm/" in str(m.get_payload()))
        assert "sendtime" not in verification.get_payload()

        # deliver_mail (cron) sends nothing twice; it says what waits, by Message-ID, and fails.
        ok, output = deliver_mail()
        assert not ok
        assert "2 unconfirmed" in output
        for message in messages:
            assert message.message_id in output
        assert len(server.messages) == 2

        # The operator finds one in the server's log and sends the other again: the second copy
        # is recognisable as the same message.
        server.release()
        staff, requester = sorted(messages, key=lambda m: m.kind == "verification")
        ok, output = deliver_mail("--accept-unconfirmed", str(staff.pk))
        assert not ok and "1 unconfirmed" in output
        ok, output = deliver_mail("--resend-unconfirmed")
        assert ok, output
        assert Counter(server.message_ids()) == {staff.message_id: 1, requester.message_id: 2}
        assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_server_that_stalls_before_the_message_is_sent_it_again(
    fi_notice, client, run_worker, smtp_to
):
    with StallingSMTPServer(stall_at=STALL_AT_RCPT, stall_seconds=2) as server:
        server.hang_up_after_stall = True
        smtp_to(server)
        client.post(FORM_URL, valid_data())
        run_worker()
        assert server.messages == []
        # Known not delivered: kept for a retry, as with a server that is down.
        assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.PENDING}
        server.release()
        # Time passes: the retries become due.
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
        assert len(server.messages) == 2
        assert len(set(server.message_ids())) == 2


# --- a worker killed mid-send ----------------------------------------------------------------


def worker_process(shared_database, server: StallingSMTPServer, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.rights_requests.worker_settings",
        "DATABASE_URL": shared_database.url,
        "SMTP_TEST_PORT": str(server.port),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def kill_worker_once_the_server_holds(process, server, event_name: str) -> None:
    event = getattr(server, event_name)
    try:
        assert event.wait(timeout=60), process.communicate(timeout=5)[0]
        assert server.stalling.wait(timeout=60)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def age_everything_running() -> None:
    """As if the stale-claim time had passed since the worker died."""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    OutboxMessage.objects.filter(status=OutboxStatus.SENDING).update(claimed_at=long_ago)
    DBTaskResult.objects.filter(status="RUNNING").update(started_at=long_ago)


def outcome() -> dict:
    return {
        "outbox": Counter(OutboxMessage.objects.values_list("status", flat=True)),
        "tasks": Counter(DBTaskResult.objects.values_list("status", flat=True)),
        "ids": dict(OutboxMessage.objects.values_list("kind", "message_id")),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_worker_killed_while_the_server_holds_the_message_sends_no_copy(fi_notice, shared_database):
    Client().post(FORM_URL, valid_data())
    shared_database.start()
    with StallingSMTPServer(stall_at=STALL_AFTER_DATA, stall_seconds=None) as server:
        server.hang_up_after_stall = True
        worker = worker_process(shared_database, server, *WORKER, "--interval", "0.2")
        kill_worker_once_the_server_holds(worker, server, "arrived")
        assert len(server.messages) == 1
        server.release()

        before = shared_database.run(outcome)
        # What kill -9 leaves: a claimed message and a task row RUNNING for ever.
        assert before["outbox"] == {"sending": 1, "pending": 1}
        assert before["tasks"]["RUNNING"] == 1
        shared_database.run(age_everything_running)

        report = worker_process(shared_database, server, "deliver_mail")
        output = report.communicate(timeout=120)[0]
        assert report.returncode == 1, output
        assert "1 held as unconfirmed" in output and "1 task row(s) marked failed" in output
        after = shared_database.run(outcome)
        assert after["outbox"] == {"unconfirmed": 1, "sent": 1}
        assert after["tasks"]["RUNNING"] == 0 and after["tasks"]["FAILED"] == 1
        # The staff mail went; the verification mail, which may already be in the requester's
        # mailbox, was not sent a second time.
        assert Counter(server.message_ids()) == {
            after["ids"]["verification"]: 1,
            after["ids"]["new_request"]: 1,
        }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_worker_killed_before_the_server_had_the_message_sends_it_once(fi_notice, shared_database):
    Client().post(FORM_URL, valid_data())
    shared_database.start()
    with StallingSMTPServer(stall_at=STALL_AT_RCPT, stall_seconds=None) as server:
        server.hang_up_after_stall = True
        worker = worker_process(shared_database, server, *WORKER, "--interval", "0.2")
        kill_worker_once_the_server_holds(worker, server, "stalling")
        server.release()
        assert server.messages == []
        shared_database.run(age_everything_running)

        # The next task a worker runs frees the dead worker's claim and task row by itself.
        batch = worker_process(shared_database, server, *WORKER, "--batch", "--interval", "0")
        output = batch.communicate(timeout=120)[0]
        assert batch.returncode == 0, output
        after = shared_database.run(outcome)
        assert after["outbox"] == {"sent": 2}
        assert after["tasks"]["RUNNING"] == 0 and after["tasks"]["FAILED"] == 1
        assert sorted(server.message_ids()) == sorted(after["ids"].values())

        report = worker_process(shared_database, server, "deliver_mail")
        output = report.communicate(timeout=120)[0]
        assert report.returncode == 0 and "nothing left to send" in output, output
        assert len(server.messages) == 2
