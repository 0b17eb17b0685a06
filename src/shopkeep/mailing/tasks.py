"""Delivery of queued email with bounded retries (the database task backend does not retry by itself)."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from shopkeep.mailing.kinds import EMAIL_KINDS
from shopkeep.mailing.models import EmailSend
from shopkeep.outbox import relay as outbox
from shopkeep.privacy.models import PolicyVersion

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def retry_delay(attempt: int) -> timedelta:
    """Back-off before attempt `attempt + 1`: 1, 2, 4, 8 minutes."""
    return timedelta(minutes=2 ** (attempt - 1))


def email_deliver(*, record: EmailSend) -> None:
    """Hand one recorded message to the configured email backend."""
    data = json.loads(record.payload)
    message = EmailMultiAlternatives(
        subject=data["subject"], body=data["text"], from_email=settings.DEFAULT_FROM_EMAIL,
        to=[record.recipient], headers=data["headers"],
    )
    message.attach_alternative(data["html"], "text/html")
    message.send()


@task(queue_name="mail")
def email_deliver_task(send_id: int, attempt: int = 1) -> str:
    """Deliver a queued email; on failure re-enqueue itself (attempt + 1, later) up to MAX_ATTEMPTS."""
    record = EmailSend.objects.filter(pk=send_id).first()
    if record is None:
        return "missing"
    if record.status != EmailSend.Status.QUEUED:
        return record.status
    record.attempts = attempt
    try:
        email_deliver(record=record)
    except Exception as exc:  # any transport error: retry later, never lose the message silently
        if attempt >= MAX_ATTEMPTS:
            record.status, record.recipient, record.payload = EmailSend.Status.FAILED, "", ""
            record.save(update_fields=["status", "attempts", "recipient", "payload"])
            logger.error("Email %s failed after %s attempts: %s", record.message_id, attempt, type(exc).__name__)
            return "failed"
        record.save(update_fields=["attempts"])
        logger.warning("Email %s attempt %s failed (%s); retrying", record.message_id, attempt, type(exc).__name__)
        outbox.enqueue(email_deliver_task, send_id, attempt + 1, run_after=timezone.now() + retry_delay(attempt),
                       queue="marketing" if EMAIL_KINDS[record.kind].marketing else "mail")
        return "retrying"
    record.status, record.sent_at, record.recipient, record.payload = EmailSend.Status.SENT, timezone.now(), "", ""
    record.save(update_fields=["status", "sent_at", "attempts", "recipient", "payload"])
    return "sent"


@task()
def policy_change_notify_task(version_id: int) -> int:
    """Email every customer a summary of the material policy change with this id."""
    from shopkeep.mailing.policy_notices import policy_change_notify

    return policy_change_notify(version=PolicyVersion.objects.get(pk=version_id))
