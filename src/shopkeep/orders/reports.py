"""Sales figures from orders for the statistics page: totals, a series per day/week/month, and best sellers.

Aggregates only: no customer, email, address or order number appears in any figure, so marketing may see them.
Revenue is the total of the orders placed in the period and not cancelled; refunds are the refunds made in the
period (of any order); net is revenue less refunds.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from shopkeep.orders.models import Order, OrderLine
from shopkeep.payments.models import PaymentEvent

PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
ZERO = Decimal("0.00")


def _cents(value) -> Decimal:
    """A database sum as money to the cent (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(ZERO)


@dataclass(frozen=True)
class SalesTotals:
    orders: int
    revenue: Decimal
    refunds: Decimal
    currency: str

    @property
    def average_order_value(self) -> Decimal:
        return (self.revenue / self.orders).quantize(Decimal("0.01")) if self.orders else ZERO

    @property
    def net(self) -> Decimal:
        return self.revenue - self.refunds


@dataclass(frozen=True)
class SalesBucket:
    start: dt.date
    orders: int
    revenue: Decimal
    refunds: Decimal


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


def _sold(start: dt.date, end: dt.date):
    low, high = _bounds(start, end)
    return Order.objects.filter(created_at__gte=low, created_at__lt=high).exclude(status=Order.Status.CANCELLED)


def _refunds(start: dt.date, end: dt.date):
    low, high = _bounds(start, end)
    return PaymentEvent.objects.filter(kind=PaymentEvent.Kind.REFUND, result=PaymentEvent.Result.OK,
                                       created_at__gte=low, created_at__lt=high)


def sales_totals(*, start: dt.date, end: dt.date, currency: str) -> SalesTotals:
    """Orders, revenue, refunds (and from them average order value and net) for the period."""
    sold = _sold(start, end).filter(currency=currency).aggregate(orders=Count("id"), revenue=Sum("total"))
    refunded = _refunds(start, end).filter(currency=currency).aggregate(amount=Sum("amount"))
    return SalesTotals(orders=sold["orders"], revenue=_cents(sold["revenue"]), refunds=_cents(refunded["amount"]),
                       currency=currency)


def sales_series(*, start: dt.date, end: dt.date, currency: str, period: str = "day") -> list[SalesBucket]:
    """One bucket per day, week (from Monday) or month of the period, empty ones included, oldest first."""
    trunc = PERIODS[period]
    sold = {row["bucket"].date() if isinstance(row["bucket"], dt.datetime) else row["bucket"]: row
            for row in _sold(start, end).filter(currency=currency).annotate(bucket=trunc("created_at"))
            .values("bucket").annotate(orders=Count("id"), revenue=Sum("total"))}
    refunded = {row["bucket"].date() if isinstance(row["bucket"], dt.datetime) else row["bucket"]: row["amount"]
                for row in _refunds(start, end).filter(currency=currency).annotate(bucket=trunc("created_at"))
                .values("bucket").annotate(amount=Sum("amount"))}
    return [SalesBucket(start=day, orders=sold.get(day, {}).get("orders", 0),
                        revenue=_cents(sold.get(day, {}).get("revenue")), refunds=_cents(refunded.get(day)))
            for day in _bucket_starts(start, end, period)]


def _bucket_starts(start: dt.date, end: dt.date, period: str) -> list[dt.date]:
    if period == "day":
        return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    if period == "week":
        first = start - dt.timedelta(days=start.weekday())
        return [first + dt.timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


@dataclass(frozen=True)
class BestSeller:
    product: str
    units: int
    revenue: Decimal


def best_sellers(*, start: dt.date, end: dt.date, currency: str, by: str = "units", limit: int | None = 10
                 ) -> list[BestSeller]:
    """Products by units sold or by revenue (line totals before any coupon) in orders of the period."""
    low, high = _bounds(start, end)
    rows = (OrderLine.objects.filter(order__created_at__gte=low, order__created_at__lt=high,
                                     order__currency=currency)
            .exclude(order__status=Order.Status.CANCELLED)
            .values(product=F("product_name")).annotate(units=Sum("quantity"), revenue=Sum("line_total"))
            .order_by("-units" if by == "units" else "-revenue", "product"))
    return [BestSeller(row["product"], row["units"], _cents(row["revenue"])) for row in (rows[:limit] if limit else rows)]
