"""Reads of orders shared by the confirmation page and the confirmation email."""

from dataclasses import dataclass

from shopkeep.orders.models import Order, OrderLine, OrderTaxLine
from shopkeep.payments.models import Payment


@dataclass(frozen=True)
class OrderSummary:
    order: Order
    lines: list[OrderLine]
    payment: Payment | None
    vat_lines: list[OrderTaxLine]


def order_summary(*, order: Order) -> OrderSummary:
    """The order with its addresses, customer, lines and the authorisation that pays for it."""
    order = Order.objects.select_related("shipping_address", "billing_address", "customer").get(pk=order.pk)
    payment = order.payments.exclude(status=Payment.Status.DECLINED).last()
    return OrderSummary(order=order, lines=list(order.lines.all()), payment=payment,
                        vat_lines=list(order.tax_lines.select_related("order")))
