"""Sending a campaign: only confirmed, unsuppressed subscribers, in batches through the queue, at the set rate."""

import time

import pytest

from shopkeep.mailing.campaigns import campaigns as sending
from shopkeep.mailing.campaigns.campaigns import CampaignError, campaign_create, campaign_send_start
from shopkeep.mailing.campaigns.models import Campaign
from shopkeep.mailing.campaigns.tests.factories import coupon_make, subscribers_bulk, suppressed
from shopkeep.mailing.models import EmailSend

pytestmark = pytest.mark.django_db


class FakeClock:
    """A clock that only moves when the code under test sleeps; records when each send was allowed."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.now += seconds
        self.slept += seconds


@pytest.fixture
def fake_clock(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(sending, "clock", clock)
    monkeypatch.setattr(sending, "sleep", clock.sleep)
    return clock


@pytest.mark.promise("P-29")
@pytest.mark.promise("P-27")
def test_a_campaign_to_ten_thousand_subscribers_completes_at_the_rate_and_skips_suppressed(
        settings, fake_clock, django_capture_on_commit_callbacks, mailoutbox):
    # given
    settings.SHOPKEEP_CAMPAIGN_RATE = 500
    settings.SHOPKEEP_CAMPAIGN_BATCH_SIZE = 1000
    subscribers_bulk(10_000)
    suppressed("reader7@example.com", "reader4242@example.com", "reader9999@example.com")
    campaign = campaign_create(subject="Autumn socks", body="New **wool** socks are in.")
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
    # 9,997 sends at 500/s: each batch starts at once, then waits 1/500 s before each next send.
    assert fake_clock.slept == pytest.approx(9_987 / 500)
    assert EmailSend.objects.filter(kind="newsletter").count() == 9_997
    print(f"\ncampaign throughput: {len(mailoutbox) / elapsed:.0f} messages/s "
          f"({len(mailoutbox)} in {elapsed:.1f} s, rate limit sleeps faked)")


def test_the_rate_limit_never_lets_more_than_the_rate_start_in_one_second(settings, fake_clock,
                                                                          django_capture_on_commit_callbacks,
                                                                          monkeypatch):
    # given
    settings.SHOPKEEP_CAMPAIGN_RATE = 5
    settings.SHOPKEEP_CAMPAIGN_BATCH_SIZE = 50
    subscribers_bulk(23)
    starts: list[float] = []
    real_send = sending.Throttle.wait

    def recording_wait(self):
        real_send(self)
        starts.append(fake_clock.now)

    monkeypatch.setattr(sending.Throttle, "wait", recording_wait)
    campaign = campaign_create(subject="Hello", body="Hi")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_start(campaign=campaign)
    # then
    assert len(starts) == 23
    assert max(sum(1 for t in starts if s <= t < s + 1 - 1e-9) for s in starts) == 5
    assert Campaign.objects.get(pk=campaign.pk).sent == 23


@pytest.mark.promise("P-30")
def test_the_newsletter_carries_the_coupon_and_the_body_as_safe_html(settings, fake_clock,
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
