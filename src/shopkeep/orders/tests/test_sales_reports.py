"""Sales figures from orders: revenue, orders, average order value, refunds, best sellers, per day/week/month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from shopkeep.money import Money
from shopkeep.orders.aftercare import order_refund_with_reason
from shopkeep.orders.fulfilment import order_cancel, order_dispatch
from shopkeep.orders.models import Order
from shopkeep.orders.reports import best_sellers, sales_series, sales_totals
from shopkeep.orders.tests.factories import order_place

pytestmark = pytest.mark.django_db


def placed_on(order, day: dt.date):
    Order.objects.filter(pk=order.pk).update(created_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))


def test_totals_count_orders_not_cancelled_and_refunds_made_in_the_period():
    # given: two orders of 58.95, a third cancelled, and a refund of 10.00 on one of them
    today = timezone.localdate()
    first, second, cancelled = order_place(), order_place(), order_place()
    order_cancel(order=cancelled)
    order_dispatch(order=first, quantities={line.pk: line.quantity for line in first.lines.all()}, carrier="DPD",
                   tracking_number="T", by=None)
    order_refund_with_reason(order=first, amount=Money(Decimal("10.00"), "EUR"), reason="Late", kind="goodwill",
                             by=None, key="k")

    # when
    totals = sales_totals(start=today - dt.timedelta(days=6), end=today, currency="EUR")

    # then
    assert (totals.orders, totals.revenue, totals.refunds) == (2, Decimal("117.90"), Decimal("10.00"))
    assert (totals.average_order_value, totals.net) == (Decimal("58.95"), Decimal("107.90"))


def test_the_series_has_one_bucket_per_day_week_or_month_including_empty_ones():
    # given: orders on 3 and 20 March 2026 (a Tuesday and a Friday)
    placed_on(order_place(), dt.date(2026, 3, 3))
    placed_on(order_place(), dt.date(2026, 3, 20))
    start, end = dt.date(2026, 3, 1), dt.date(2026, 4, 10)

    # when
    days = sales_series(start=start, end=end, currency="EUR", period="day")
    weeks = sales_series(start=start, end=end, currency="EUR", period="week")
    months = sales_series(start=start, end=end, currency="EUR", period="month")

    # then
    assert len(days) == 41 and sum(b.orders for b in days) == 2
    assert [(b.start, b.orders) for b in days if b.orders] == [(dt.date(2026, 3, 3), 1), (dt.date(2026, 3, 20), 1)]
    assert weeks[0].start == dt.date(2026, 2, 23) and [b.orders for b in weeks][:5] == [0, 1, 0, 1, 0]
    assert [(b.start, b.orders, b.revenue) for b in months] == [
        (dt.date(2026, 3, 1), 2, Decimal("117.90")), (dt.date(2026, 4, 1), 0, Decimal("0.00"))]


def test_best_sellers_rank_by_units_or_by_revenue():
    # given: Product 0 sells 2 × 12.50, Product 1 sells 1 × 30.00 (default basket)
    order_place()
    today = timezone.localdate()

    # when
    by_units = best_sellers(start=today, end=today, currency="EUR", by="units")
    by_revenue = best_sellers(start=today, end=today, currency="EUR", by="revenue")

    # then
    assert [(s.product, s.units) for s in by_units] == [("Product 0", 2), ("Product 1", 1)]
    assert [(s.product, s.revenue) for s in by_revenue] == [("Product 1", Decimal("30.00")),
                                                            ("Product 0", Decimal("25.00"))]
