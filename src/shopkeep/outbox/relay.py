"""The transactional hand-off: `enqueue` records work in the caller's transaction; the relay hands it to the queue.

`enqueue(task, *args, **kwargs)` writes an OutboxMessage in the current transaction, so the work
exists exactly when the change that causes it is committed. After the commit the message is handed
to the task queue at once; if the queue (Redis, the database queue) cannot take it, the failure is
logged and the message waits for the relay (`shopkeep outbox_relay`, run by `shopkeep serve`), which
retries. The queued job is `outbox_deliver_task(message_id)`: it locks the message, runs the task
only if it has not run yet and marks it done in the same transaction, so a message handed over twice
(a relay that crashed after handing it over, a job the broker lost and the relay re-sent) runs once.
"""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from shopkeep.outbox.models import QUEUE_PRIORITY, QUEUES, OutboxMessage

logger = logging.getLogger(__name__)

# A message handed over but not done after this long is handed over again (the job was lost, or its
# worker was killed); after MAX_RELAYS hand-overs it is marked failed and logged as an error.
STALE_AFTER = timedelta(minutes=10)
MAX_RELAYS = 5
# A database-queue task left RUNNING this long belonged to a worker that died (tasks are short).
ORPHAN_AFTER = timedelta(minutes=15)

S = OutboxMessage.Status


def enqueue(task, *args, run_after=None, queue: str | None = None, **kwargs) -> OutboxMessage:
    """Record `task(*args, **kwargs)` to run after the current transaction commits; the one way to queue work.

    Arguments must be JSON values (ids, short texts), never personal data: read that from the rows. The
    message goes to `queue`, else to the task's own queue (mail, default or marketing; see QUEUES)."""
    queue = queue or task.queue_name
    if queue not in QUEUES:
        raise ValueError(f"{queue!r} is not a task queue; the queues are {', '.join(QUEUES)}.")
    message = OutboxMessage.objects.create(
        task=task.module_path, args=list(args), kwargs=kwargs, run_after=run_after or timezone.now(), queue=queue,
    )
    if _runs_in_process():
        # The immediate backend (the test suite, a development shop without a worker) has no queue that could
        # lose the work: it runs here and now (a retry does not wait), as a direct task call would.
        outbox_deliver(message.pk)
    else:
        transaction.on_commit(partial(_relay_after_commit, message.pk), robust=True)
    return message


def _runs_in_process() -> bool:
    return type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__ == "ImmediateBackend"


def _relay_after_commit(message_id: int) -> None:
    message = OutboxMessage.objects.filter(pk=message_id, status=S.PENDING, relayed_at__isnull=True).first()
    if message is not None and message.run_after <= timezone.now():
        message_relay(message)


def message_relay(message: OutboxMessage) -> bool:
    """Hand one message to the task queue; False (logged, kept for the relay) when the queue cannot take it."""
    from shopkeep.outbox.tasks import outbox_deliver_task

    now = timezone.now()
    try:
        outbox_deliver_task.using(queue_name=message.queue, priority=QUEUE_PRIORITY[message.queue]).enqueue(message.pk)
    except Exception as error:  # any broker or database-queue failure: the message waits for the next relay
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=f"queue unavailable: {error}"[:300])
        logger.warning("Task queue unavailable, %s #%s kept in the outbox for the relay (%s: %s)",
                       message.task, message.pk, type(error).__name__, error)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(relayed_at=now, relays=F("relays") + 1)
    return True


def outbox_relay(*, now=None) -> dict:
    """One pass of the relay: hand over due messages never handed over, and those handed over but not done for
    STALE_AFTER; give up (status failed, logged) after MAX_RELAYS. Returns counts."""
    now = now or timezone.now()
    counts = {"relayed": 0, "unavailable": 0, "failed": 0, "orphans": orphans_release(now=now)}
    stale = now - STALE_AFTER
    due = OutboxMessage.objects.filter(status=S.PENDING, run_after__lte=now).filter(
        _due(stale)).order_by("run_after", "pk")
    for message in due[:500]:
        if message.relays >= MAX_RELAYS:
            OutboxMessage.objects.filter(pk=message.pk, status=S.PENDING).update(status=S.FAILED)
            logger.error("Outbox gave up on %s #%s after %s hand-overs: %s", message.task, message.pk,
                         message.relays, message.last_error or "it never completed")
            counts["failed"] += 1
        elif message_relay(message):
            counts["relayed"] += 1
        else:
            counts["unavailable"] += 1
            break  # the queue is down: the rest waits for the next pass
    return counts


def _due(stale):
    return Q(relayed_at__isnull=True) | Q(relayed_at__lt=stale)


def outbox_deliver(message_id: int) -> str:
    """Run the message's task once: lock it, skip it if done, run it and mark it done in one transaction.

    If the task raises, nothing it wrote is kept and the message stays pending for the relay to retry."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return "missing"
        if message.status != S.PENDING:
            return message.status
        try:
            with transaction.atomic():
                import_string(message.task).call(*message.args, **message.kwargs)
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"[:300]
            message.save(update_fields=["last_error"])
            logger.warning("Task %s #%s failed (%s); the relay retries it", message.task, message.pk,
                           message.last_error)
            return "retrying"
        message.status, message.done_at, message.last_error = S.DONE, timezone.now(), ""
        message.save(update_fields=["status", "done_at", "last_error"])
        return "done"


def orphans_release(*, now=None) -> int:
    """Mark database-queue tasks left RUNNING for ORPHAN_AFTER (their worker died) as failed, with a log line.

    The outbox messages they were running stay pending, so the relay hands them over again and they run once."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if type(backend).__name__ != "DatabaseBackend":
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    orphans = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - ORPHAN_AFTER)
    count = 0
    for result in orphans:
        updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now,
            exception_class_path="shopkeep.outbox.relay.OrphanedTask",
            traceback=f"The worker running this task stopped before it finished (running since {result.started_at}).",
        )
        if updated:
            count += 1
            logger.error("Task %s (%s) was left running by a stopped worker since %s; marked failed, its outbox "
                         "message is retried", result.task_path, result.pk, result.started_at)
    return count


class OrphanedTask(Exception):
    """A task whose worker stopped while running it."""


def outbox_health() -> tuple[bool, str]:
    """(ok, reason) for /healthz: no message given up on, none waiting far longer than a relay pass."""
    failed = OutboxMessage.objects.filter(status=S.FAILED).count()
    late = OutboxMessage.objects.filter(status=S.PENDING, run_after__lt=timezone.now() - 2 * STALE_AFTER).count()
    if failed:
        return False, f"{failed} queued task(s) gave up; see the log and the outbox in the admin"
    if late:
        return False, f"{late} queued task(s) waiting for more than {int(2 * STALE_AFTER.total_seconds() // 60)} minutes"
    return True, "ok"
