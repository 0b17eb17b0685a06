"""A task left RUNNING by a killed worker is flagged and retried through the outbox; it completes exactly once."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from shopkeep.mailing.models import EmailSend
from shopkeep.mailing.tasks import email_deliver_task
from shopkeep.outbox.models import OutboxMessage
from shopkeep.outbox.relay import enqueue, outbox_relay

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", verbosity=0)


def test_a_task_orphaned_in_running_by_a_killed_worker_completes_exactly_once(settings, mailoutbox, caplog):
    # given: an email queued on the database queue, claimed by a worker that was then killed
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail", "default", "marketing"]}}
    with transaction.atomic():
        record = EmailSend.objects.create(kind="order_update", recipient_index="x", message_id="<m@x>",
                                          recipient="ada@example.com",
                                          payload='{"subject": "s", "text": "t", "html": "h", "headers": {}}')
        enqueue(email_deliver_task, record.pk, 1)
    claimed = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=claimed.pk).update(status=TaskResultStatus.RUNNING,
                                                      started_at=timezone.now() - timedelta(minutes=20))

    # when: the relay runs after the timeouts, then a worker, then both once more
    later = timezone.now() + timedelta(minutes=11)
    with caplog.at_level(logging.ERROR, logger="shopkeep.outbox.relay"):
        counts = outbox_relay(now=later)
    run_worker()
    outbox_relay(now=later + timedelta(minutes=11))
    run_worker()

    # then: the orphan is flagged failed with a log line, and the email went out once
    claimed.refresh_from_db()
    assert claimed.status == TaskResultStatus.FAILED
    assert counts["orphans"] == 1 and counts["relayed"] == 1
    assert "was left running by a stopped worker" in caplog.text
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get().status == "done"
    record.refresh_from_db()
    assert record.status == EmailSend.Status.SENT
