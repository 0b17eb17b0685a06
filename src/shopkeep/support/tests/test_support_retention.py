"""Closed support requests are purged when their retention period (a setting, 1 year by default) has passed,
counted from closing, on a frozen clock; open ones are kept however old (P-41)."""

from datetime import datetime, timedelta, timezone as dt_timezone
from unittest import mock

import pytest

from shopkeep.privacy.retention import retention_get, retention_run
from shopkeep.support.models import Ticket, TicketMessage
from shopkeep.support.services import ticket_close
from shopkeep.support.tests.factories import ticket_create

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=dt_timezone.utc)


def closed(*, days_ago: float) -> Ticket:
    """A ticket closed `days_ago` days before NOW, on a frozen clock."""
    at = NOW - timedelta(days=days_ago)
    with mock.patch("django.utils.timezone.now", return_value=at):
        return ticket_close(ticket=ticket_create(message=f"closed {days_ago} days ago"))


@pytest.mark.promise("P-41")
def test_closed_requests_go_a_year_after_closing_with_their_messages_not_a_day_earlier():
    # given
    expired, kept = closed(days_ago=365.01), closed(days_ago=364.99)
    with mock.patch("django.utils.timezone.now", return_value=NOW - timedelta(days=900)):
        still_open = ticket_create(message="old but open")
    # when
    dry = {o.key: o.count for o in retention_run(now=NOW, apply=False)}
    applied = {o.key: o.count for o in retention_run(now=NOW, apply=True, batch_size=1)}
    # then
    assert dry["support_ticket"] == applied["support_ticket"] == 1
    assert set(Ticket.objects.values_list("pk", flat=True)) == {kept.pk, still_open.pk}
    assert not TicketMessage.objects.filter(ticket_id=expired.pk).exists()
    assert {o.key: o.count for o in retention_run(now=NOW, apply=True)}["support_ticket"] == 0


@pytest.mark.promise("P-41")
def test_the_period_is_a_setting_and_the_privacy_notice_says_it(settings):
    # given
    settings.SHOPKEEP_SUPPORT_TICKET_RETENTION_DAYS = 90
    expired, kept = closed(days_ago=91), closed(days_ago=89)
    # when
    outcomes = {o.key: o for o in retention_run(now=NOW, apply=True)}
    # then
    assert outcomes["support_ticket"].count == 1
    assert outcomes["support_ticket"].cutoff == NOW - timedelta(days=90)
    assert list(Ticket.objects.values_list("pk", flat=True)) == [kept.pk] and expired.pk != kept.pk
    assert retention_get("support_ticket").description == "for 90 days after closing"
