from django.utils import timezone
from django_tasks import task

from shopkeep.mailing.campaigns.campaigns import campaign_next_batch_at, campaign_send_batch
from shopkeep.outbox import relay as outbox


@task(queue_name="marketing")
def campaign_send_batch_task(campaign_id: int) -> None:
    """Hand one batch of a campaign to the marketing queue, then schedule the next one at the campaign rate."""
    started = timezone.now()
    handed = campaign_send_batch(campaign_id=campaign_id)
    if handed is not None:
        outbox.enqueue(campaign_send_batch_task, campaign_id,
                       run_after=campaign_next_batch_at(started=started, handed=handed))
