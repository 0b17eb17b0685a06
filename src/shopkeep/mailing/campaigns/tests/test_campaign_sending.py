"""Sending a campaign: only confirmed, unsuppressed subscribers, in batches through the queue, at the set rate."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.mailing.campaigns import campaigns as sending
from shopkeep.mailing.campaigns.campaigns import CampaignError, campaign_create, campaign_send_start
from shopkeep.mailing.campaigns.models import Campaign
from shopkeep.mailing.campaigns.tests.factories import coupon_make, subscribers_bulk, suppressed
from shopkeep.mailing.models import EmailSend
from shopkeep.outbox.models import OutboxMessage
from shopkeep.outbox.relay import outbox_deliver, outbox_relay

pytestmark = pytest.mark.django_db


@pytest.mark.promise("P-29")
@pytest.mark.promise("P-27")
def test_a_campaign_to_ten_thousand_subscribers_completes_at_the_rate_and_skips_suppressed(
        settings, django_capture_on_commit_callbacks, mailoutbox, monkeypatch):
    # given
    settings.SHOPKEEP_CAMPAIGN_RATE = 500
    settings.SHOPKEEP_CAMPAIGN_BATCH_SIZE = 1000
    subscribers_bulk(10_000)
    suppressed("reader7@example.com", "reader4242@example.com", "reader9999@example.com")
    campaign = campaign_create(subject="Autumn socks", body="New **wool** socks are in.")
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a campaign must never sleep in a worker"))
    started = time.perf_counter()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_start(campaign=campaign)
    elapsed = time.perf_counter() - started
    # then
    campaign.refresh_from_db()
    assert (campaign.status, campaign.total, campaign.sent, campaign.skipped, campaign.failed) == (
        Campaign.Status.SENT, 10_000, 9_997, 3, 0)
    assert len(mailoutbox) == 9_997
    recipients = {message.to[0] for message in mailoutbox}
    assert "reader7@example.com" not in recipients and "reader4242@example.com" not in recipients
    assert all(message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
               for message in mailoutbox[:50])
    # 10 batches of 1,000 (and an 11th that finds no one left): each next batch was scheduled 1,000 / 500 = 2 s after the previous one started,
    # on the marketing queue (the test backend runs them at once; a worker would wait for run_after)
    batches = list(OutboxMessage.objects.filter(task__endswith="campaign_send_batch_task").order_by("pk"))
    assert len(batches) == 11 and {message.queue for message in batches} == {"marketing"}  # the 11th finds none left
    # each batch was handed its run_after when the previous batch started (after that batch's message was made)
    assert all(later.run_after >= earlier.created_at + timedelta(seconds=1.99)  # 997 to 1,000 sent at 500/s
               for earlier, later in zip(batches, batches[1:]))
    assert all(message.run_after <= message.created_at + timedelta(seconds=2) for message in batches[1:])
    deliveries = OutboxMessage.objects.filter(task__endswith="email_deliver_task")
    assert set(deliveries.values_list("queue", flat=True)) == {"marketing"}
    assert EmailSend.objects.filter(kind="newsletter").count() == 9_997
    print(f"\ncampaign throughput: {len(mailoutbox) / elapsed:.0f} messages/s "
          f"({len(mailoutbox)} in {elapsed:.1f} s, rate limit sleeps faked)")


def test_the_next_batch_waits_in_the_outbox_until_the_rate_allows_it(settings, monkeypatch):
    # given: a queue that keeps what it is given (as a real worker's queue would), 5 a second, batches of 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": ["mail", "default", "marketing"]}}
    settings.SHOPKEEP_CAMPAIGN_RATE = 5
    settings.SHOPKEEP_CAMPAIGN_BATCH_SIZE = 5
    subscribers_bulk(12)
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a campaign must never sleep in a worker"))
    campaign = campaign_create(subject="Hello", body="Hi")
    campaign_send_start(campaign=campaign)
    first = OutboxMessage.objects.get(task__endswith="campaign_send_batch_task")
    # when the first batch runs
    outbox_deliver(first.pk)
    # then 5 went out at once and the second batch is scheduled one second (5 at 5/s) later
    second = OutboxMessage.objects.filter(task__endswith="campaign_send_batch_task").exclude(pk=first.pk).get()
    assert Campaign.objects.get(pk=campaign.pk).sent == 5
    wait = (second.run_after - timezone.now()).total_seconds()
    assert 0.5 < wait <= 1.0
    # and the relay does not hand it to the queue before that time, but does at it
    assert outbox_relay(now=second.run_after - timedelta(milliseconds=100))["relayed"] == 5  # the first batch's mail
    second.refresh_from_db()
    assert second.relayed_at is None
    assert outbox_relay(now=second.run_after)["relayed"] == 1
    second.refresh_from_db()
    assert second.relayed_at is not None and second.queue == "marketing"


def test_order_mail_goes_on_the_mail_queue_ahead_of_marketing():
    # given
    from shopkeep.mailing.tasks import email_deliver_task
    from shopkeep.outbox.models import QUEUE_PRIORITY

    # then: the mail queue comes first for every worker (database priority; RQ's queue order in serve)
    assert email_deliver_task.queue_name == "mail"
    assert QUEUE_PRIORITY["mail"] > QUEUE_PRIORITY["default"] > QUEUE_PRIORITY["marketing"]


@pytest.mark.promise("P-30")
def test_the_newsletter_carries_the_coupon_and_the_body_as_safe_html(settings,
                                                                     django_capture_on_commit_callbacks,
                                                                     mailoutbox):
    # given
    subscribers_bulk(1)
    coupon = coupon_make(code="WOOL15", value="15")
    campaign = campaign_create(subject="Wool", body="# New in\nSocks <script>x</script> **soft**", coupon=coupon)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_start(campaign=campaign)
    # then
    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert "<h2>New in</h2>" in html and "<strong>soft</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "WOOL15" in message.body and "15% off" in message.body


def test_a_campaign_is_sent_only_once():
    # given
    campaign = campaign_create(subject="Once", body="x")
    campaign_send_start(campaign=campaign)
    # when
    with pytest.raises(CampaignError) as refused:
        campaign_send_start(campaign=campaign)
    # then
    assert refused.value.message == "This campaign is already being sent or has been sent."
    # the first start ran at once (tests run tasks in-process) and, with no subscriber, finished
    assert (Campaign.objects.get(pk=campaign.pk).status, Campaign.objects.get(pk=campaign.pk).sent) == (
        Campaign.Status.SENT, 0)


def test_the_test_copy_goes_only_to_the_staff_member(mailoutbox):
    # given
    from shopkeep.customers.staff import staff_create

    staff, _ = staff_create(email="market@example.com", role="marketing", password="a long staff password 1")
    subscribers_bulk(3)
    campaign = campaign_create(subject="Preview me", body="Hello")
    # when
    sending.campaign_test_send(campaign=campaign, staff=staff)
    # then
    assert [m.to for m in mailoutbox] == [["market@example.com"]]
    assert mailoutbox[0].subject == "[Test] Preview me"
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DRAFT
