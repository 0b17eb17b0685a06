"""Reads for the account pages."""

from django.db.models import QuerySet

from shopkeep.customers.models import Address, User


def customer_address_list(*, customer: User) -> QuerySet[Address]:
    """The customer's saved addresses, newest first."""
    return Address.objects.filter(customer=customer)


def customer_address_get(*, customer: User, address_id: int) -> Address | None:
    """One of the customer's saved addresses; None if it isn't theirs."""
    return Address.objects.filter(customer=customer, pk=address_id).first()
