from django_tasks import task

from shopkeep.mailing.campaigns.campaigns import campaign_send_batch
from shopkeep.outbox import relay as outbox


@task()
def campaign_send_batch_task(campaign_id: int) -> None:
    """Send one batch of a campaign, then queue the next one."""
    if campaign_send_batch(campaign_id=campaign_id):
        outbox.enqueue(campaign_send_batch_task, campaign_id)
