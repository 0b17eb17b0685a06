"""Back-office campaign pages: owner and marketing only; counts, never subscribers' addresses (P-36)."""

import pytest

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.mailing.campaigns.models import Campaign, Coupon
from shopkeep.mailing.campaigns.tests.factories import subscribers_bulk, suppressed
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff password for tests"


def staff(role: str):
    return staff_create(email=f"{role}@shop.example", role=role, password=PASSWORD)[0]


@pytest.fixture
def marketing(client):
    user = staff(Role.MARKETING)
    staff_login(client, user)
    return user


@pytest.mark.parametrize("role", [Role.BILLING, Role.CUSTOMER_SERVICE, Role.FULFILMENT])
def test_other_staff_roles_cannot_open_or_send_campaigns(client, role):
    # given
    staff_login(client, staff(role))
    campaign = Campaign.objects.create(subject="Hi", body="x")
    # when
    listing = client.get("/backoffice/campaigns/")
    sending = client.post(f"/backoffice/campaigns/{campaign.pk}/send/", {"confirm": "on"})
    # then
    assert (listing.status_code, sending.status_code) == (403, 403)
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DRAFT


@pytest.mark.promise("P-36")
def test_marketing_sees_audience_counts_and_no_subscriber_address(client, marketing):
    # given
    subscribers_bulk(4)
    suppressed("gone@example.com")
    # when
    page = client.get("/backoffice/campaigns/").content.decode()
    # then
    assert "<dt>Confirmed subscribers</dt><dd>4</dd>" in page
    assert "<dt>Addresses on the suppression list</dt><dd>1</dd>" in page
    assert "@example.com" not in page


def test_marketing_writes_previews_tests_and_sends_a_campaign(client, marketing, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    # given
    subscribers_bulk(3)
    # when
    created = client.post("/backoffice/campaigns/new/", {"subject": "Winter socks", "body": "**Warm** feet"})
    campaign = Campaign.objects.get()
    preview = client.get(f"/backoffice/campaigns/{campaign.pk}/")
    client.post(f"/backoffice/campaigns/{campaign.pk}/test/")
    test_copies = [m.to for m in mailoutbox]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/backoffice/campaigns/{campaign.pk}/send/", {"confirm": "on"})
    progress = client.get(f"/backoffice/campaigns/{campaign.pk}/").content.decode()
    # then
    assert created.status_code == 302
    assert "<strong>Warm</strong> feet" in preview.content.decode()
    assert test_copies == [["marketing@shop.example"]]
    assert sent.status_code == 302
    assert Campaign.objects.get().status == Campaign.Status.SENT
    assert len(mailoutbox) == 4
    assert "Sent 3 of 3" in progress and 'value="100"' in progress


def test_sending_needs_the_confirmation_box(client, marketing):
    # given
    campaign = Campaign.objects.create(subject="Hi", body="x")
    # when
    client.post(f"/backoffice/campaigns/{campaign.pk}/send/", {})
    # then
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DRAFT


def test_a_campaign_being_sent_shows_progress_and_refreshes_itself(client, marketing):
    # given
    campaign = Campaign.objects.create(subject="Hi", body="x", status=Campaign.Status.SENDING, total=200, sent=50,
                                       skipped=0)
    # when
    page = client.get(f"/backoffice/campaigns/{campaign.pk}/").content.decode()
    # then
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="send-progress" max="100" value="25">25%</progress>' in page
    assert "Refresh now" in page


@pytest.mark.promise("P-30")
def test_marketing_creates_a_coupon_and_a_bad_one_is_refused_with_the_reason(client, marketing):
    # given
    good = {"code": "snow-20", "kind": "percent", "value": "20", "currency": "", "valid_from": "2026-01-01T00:00",
            "valid_until": "2026-02-01T00:00", "max_uses": "1", "minimum_subtotal": "0", "subscribers_only": "on"}
    # when
    created = client.post("/backoffice/campaigns/coupons/", good)
    refused = client.post("/backoffice/campaigns/coupons/", {**good, "code": "BAD", "value": "120"})
    # then
    assert created.status_code == 302
    assert list(Coupon.objects.values_list("code", "max_uses", "subscribers_only")) == [("SNOW-20", 1, True)]
    assert refused.status_code == 400
    assert "at most 100 for a percentage" in refused.content.decode()


def test_marketing_sees_survey_numbers_only(client, marketing):
    from shopkeep.mailing.campaigns.models import SurveyResponse
    from django.utils import timezone

    # given
    SurveyResponse.objects.create(rating=4, comment="Lovely socks from Ada", answered_on=timezone.localdate())
    SurveyResponse.objects.create(rating=5, answered_on=timezone.localdate())
    # when
    page = client.get("/backoffice/campaigns/").content.decode()
    # then
    assert "<dt>Answers</dt><dd>2</dd>" in page
    assert "<dt>Average rating</dt><dd>4.5 / 5</dd>" in page
    assert "Lovely socks" not in page
