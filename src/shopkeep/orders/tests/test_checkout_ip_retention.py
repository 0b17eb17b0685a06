"""The checkout IP is kept for fraud screening only as long as its retention period (P-19)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.orders.models import Order
from shopkeep.upkeep.jobs import upkeep_run_job
from shopkeep.orders.tests.factories import order_place

pytestmark = pytest.mark.django_db

UK_IP = "81.2.69.142"


@pytest.mark.promise("P-19")
def test_checkout_ips_older_than_the_retention_period_are_erased(settings):
    # given
    settings.SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS = 90
    old = order_place(client_ip=UK_IP)
    recent = order_place(client_ip=UK_IP)
    Order.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    Order.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=89))

    # when
    outcome = upkeep_run_job("retention")

    # then
    assert "erased 1 checkout IP addresses of orders" in outcome
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.checkout_ip, recent.checkout_ip) == (None, UK_IP)
    assert old.number and old.total  # the order itself is kept
