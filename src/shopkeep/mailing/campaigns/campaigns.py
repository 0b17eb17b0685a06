"""Newsletter campaigns: write, preview, test-send to oneself, then send to confirmed subscribers in
batches through the task queue, at most `conf.campaign_rate` messages a second.

Every message goes through `mailing.services.email_send`, which refuses anyone without a confirmed
subscription or on the suppression list (P-25, P-29) and adds the one-click unsubscribe (P-27).
"""

from datetime import datetime, timedelta
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.outbox import relay as outbox
from shopkeep.shop.markdown import markdown_to_html, markdown_to_text
from shopkeep.mailing.campaigns.models import Campaign, Coupon

TEMPLATE = "campaigns/email/newsletter"
TEST_KIND = "campaign_test"

class CampaignError(Exception):
    """A campaign action that cannot be done now, with a sentence for the staff member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CampaignCounts:
    """What the marketing role may see of a campaign's audience: numbers, no addresses (P-36)."""

    confirmed: int
    suppressed: int


def campaign_create(*, subject: str, body: str, created_by=None, coupon: Coupon | None = None) -> Campaign:
    """Write a draft newsletter."""
    return Campaign.objects.create(subject=subject.strip(), body=body, created_by=created_by, coupon=coupon)


def campaign_update(*, campaign: Campaign, subject: str, body: str, coupon: Coupon | None) -> Campaign:
    """Change a draft; a campaign that has started sending can no longer change."""
    if campaign.status != Campaign.Status.DRAFT:
        raise CampaignError("This campaign has already been sent and can no longer be changed.")
    campaign.subject, campaign.body, campaign.coupon = subject.strip(), body, coupon
    campaign.save(update_fields=["subject", "body", "coupon"])
    return campaign


def campaign_context(*, campaign: Campaign) -> dict:
    """What the newsletter templates render: the body as HTML and text, and the coupon if any."""
    return {"campaign": campaign, "body_html": markdown_to_html(campaign.body),
            "body_text": markdown_to_text(campaign.body), "coupon": campaign.coupon}


def audience_counts() -> CampaignCounts:
    """How many confirmed subscribers there are, and how many addresses are suppressed."""
    from shopkeep.mailing.models import Subscription, Suppression

    return CampaignCounts(confirmed=Subscription.objects.filter(status=Subscription.Status.CONFIRMED).count(),
                          suppressed=Suppression.objects.count())


def campaign_test_send(*, campaign: Campaign, staff) -> str:
    """Send the newsletter to the staff member's own address only, marked as a test."""
    from shopkeep.mailing.services import email_send

    return email_send(kind=TEST_KIND, to=staff.email, subject=f"[Test] {campaign.subject}", template=TEMPLATE,
                      context={**campaign_context(campaign=campaign), "is_test": True})


def campaign_send_start(*, campaign: Campaign) -> Campaign:
    """Freeze the campaign and queue its first batch; the audience is counted now."""
    from shopkeep.mailing.campaigns.tasks import campaign_send_batch_task
    from shopkeep.mailing.models import Subscription

    with transaction.atomic():
        started = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.DRAFT).update(
            status=Campaign.Status.SENDING, started_at=timezone.now(),
            total=Subscription.objects.filter(status=Subscription.Status.CONFIRMED).count())
        if not started:
            raise CampaignError("This campaign is already being sent or has been sent.")
        outbox.enqueue(campaign_send_batch_task, campaign.pk)
    campaign.refresh_from_db()
    return campaign


def _batch(campaign: Campaign, size: int) -> list:
    from shopkeep.mailing.models import Subscription

    return list(Subscription.objects.filter(status=Subscription.Status.CONFIRMED, pk__gt=campaign.cursor)
                .order_by("pk").only("pk", "email", "email_index")[:size])


def _suppressed(indexes: list[str]) -> set[str]:
    from shopkeep.mailing.models import Suppression

    return set(Suppression.objects.filter(email_index__in=indexes).values_list("email_index", flat=True))


def campaign_next_batch_at(*, started: datetime, handed: int) -> datetime:
    """When the next batch may start: `handed` messages at SHOPKEEP_CAMPAIGN_RATE a second, counted from `started`.

    Pacing is scheduled ahead (the next batch waits in the outbox until then), never slept in a worker."""
    return started + timedelta(seconds=handed / conf.campaign_rate)


def campaign_send_batch(*, campaign_id: int) -> int | None:
    """Hand the next batch of a campaign to the marketing queue, without waiting between messages.

    Returns how many messages this batch handed over (sent or attempted) when more batches remain, for
    pacing the next one; None when the campaign is finished (or not sending)."""
    from shopkeep.mailing.errors import EmailRefused
    from shopkeep.mailing.services import email_send

    campaign = Campaign.objects.select_related("coupon").filter(pk=campaign_id).first()
    if campaign is None or campaign.status != Campaign.Status.SENDING:
        return None
    batch = _batch(campaign, conf.campaign_batch_size)
    suppressed = _suppressed([s.email_index for s in batch])
    context = campaign_context(campaign=campaign)
    sent = skipped = failed = 0
    for subscription in batch:
        if subscription.email_index in suppressed:
            skipped += 1
            continue
        try:
            email_send(kind="newsletter", to=subscription.email, subject=campaign.subject, template=TEMPLATE,
                       context={**context, "recipient": subscription.email})
            sent += 1
        except EmailRefused:
            skipped += 1
        except Exception:  # one bad address must not stop the campaign; the count shows it
            failed += 1
    more = len(batch) == conf.campaign_batch_size
    updates = {"sent": F("sent") + sent, "skipped": F("skipped") + skipped, "failed": F("failed") + failed}
    if batch:
        updates["cursor"] = batch[-1].pk
    if not more:
        updates.update(status=Campaign.Status.SENT, finished_at=timezone.now())
    Campaign.objects.filter(pk=campaign.pk).update(**updates)
    return sent + failed if more else None
