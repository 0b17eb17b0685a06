"""Reads for the account pages."""

from django.db.models import QuerySet

from shopkeep.customers.models import Address, User
from shopkeep.orders.models import Order


def customer_order_list(*, customer: User) -> QuerySet[Order]:
    """The customer's orders, newest first."""
    return Order.objects.filter(customer=customer).order_by("-created_at", "-id")


def customer_order_detail(*, customer: User, number: str) -> Order | None:
    """One of the customer's orders with its lines, addresses and payments; None if it isn't theirs."""
    return (
        Order.objects.filter(customer=customer, number=number)
        .select_related("shipping_address", "billing_address")
        .prefetch_related("lines", "payments")
        .first()
    )


def customer_address_list(*, customer: User) -> QuerySet[Address]:
    """The customer's saved addresses, newest first."""
    return Address.objects.filter(customer=customer)


def customer_address_get(*, customer: User, address_id: int) -> Address | None:
    """One of the customer's saved addresses; None if it isn't theirs."""
    return Address.objects.filter(customer=customer, pk=address_id).first()
