"""Reads of orders shared by checkout, the confirmation page and the confirmation email."""

from dataclasses import dataclass

from django.db.models import QuerySet

from shopkeep.customers.models import User
from shopkeep.orders.models import Order, OrderLine, OrderTaxLine
from shopkeep.orders.wording import CustomerStatus, customer_status
from shopkeep.payments.models import Payment
from shopkeep.payments.selectors import payment_for_order


@dataclass(frozen=True)
class OrderSummary:
    order: Order
    lines: list[OrderLine]
    payment: Payment | None
    vat_lines: list[OrderTaxLine]
    status: CustomerStatus


def order_summary(*, order: Order) -> OrderSummary:
    """The order with its addresses, customer, lines and the authorisation that pays for it."""
    order = Order.objects.select_related("shipping_address", "billing_address", "customer").get(pk=order.pk)
    return OrderSummary(order=order, lines=list(order.lines.all()), payment=payment_for_order(order=order),
                        vat_lines=list(order.tax_lines.select_related("order")),
                        status=customer_status(order=order, payments=order.payments.all()))


def order_for_cart(*, cart) -> Order | None:
    """The order a cart became, if it was ordered."""
    return Order.objects.filter(cart=cart).first()


def order_list_for_customer(*, customer: User) -> QuerySet[Order]:
    """The customer's orders, newest first."""
    return Order.objects.filter(customer=customer).order_by("-created_at", "-id")


def order_detail_for_customer(*, customer: User, number: str) -> Order | None:
    """One of the customer's orders with its lines, addresses and payments; None if it isn't theirs."""
    return (
        Order.objects.filter(customer=customer, number=number)
        .select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .first()
    )
