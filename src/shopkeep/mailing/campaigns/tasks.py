from django_tasks import task

from shopkeep.mailing.campaigns.campaigns import campaign_send_batch
from shopkeep.mailing.campaigns.surveys import survey_invitations_due_send
from shopkeep.outbox import relay as outbox


@task()
def campaign_send_batch_task(campaign_id: int) -> None:
    """Send one batch of a campaign, then queue the next one."""
    if campaign_send_batch(campaign_id=campaign_id):
        outbox.enqueue(campaign_send_batch_task, campaign_id)


@task()
def survey_invitations_send_task() -> int:
    """Invite the opted-in customers whose orders are due a survey (run daily)."""
    return survey_invitations_due_send()
