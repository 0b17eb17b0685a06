"""Fraud screening of a new order (P-19, P-20): each rule is a small function returning a reason or None.

A hit puts the order on hold: the card stays authorised, nothing is dispatched until customer
service has phoned the customer and approved it. Thresholds are settings (read through conf).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shopkeep.analytics.countries import UNKNOWN, country_of
from shopkeep.conf import conf
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment


@dataclass(frozen=True)
class Attempt:
    """What screening looks at: the new order, its authorisation and the client IP of the checkout."""

    order: Order
    payment: Payment
    client_ip: str | None


def cvc_mismatch(attempt: Attempt) -> str | None:
    """The bank says the security code did not match."""
    return "The card's security code did not match (CVC check failed)." if attempt.payment.cvc_check == "fail" else None


def address_mismatch(attempt: Attempt) -> str | None:
    """The bank says the billing address did not match the card (AVS)."""
    if attempt.payment.address_check == "fail":
        return "The billing address did not match the card (address check failed)."
    return None


def ip_country_mismatch(attempt: Attempt) -> str | None:
    """The checkout came from a country other than the billing address's."""
    if not attempt.client_ip:
        return None
    country = country_of(attempt.client_ip)
    billing = attempt.order.billing_address.country
    if country == UNKNOWN or country == billing:
        return None
    return f"The checkout came from an IP address in {country}, the billing address is in {billing}."


def order_value_high(attempt: Attempt) -> str | None:
    """The order is worth more than the review threshold."""
    limit = Decimal(conf.fraud_order_value_limit)
    if attempt.order.total > limit:
        return f"The order total {attempt.order.total} {attempt.order.currency} is over the review limit {limit}."
    return None


def _hour_ago():
    return timezone.now() - timedelta(hours=1)


def many_orders_same_card(attempt: Attempt) -> str | None:
    """More than N orders with the same card token in the last hour."""
    count = (Order.objects.filter(payments__token=attempt.payment.token, created_at__gte=_hour_ago())
             .distinct().count())
    if count > conf.fraud_max_orders_per_hour:
        return f"{count} orders with the same card in the last hour."
    return None


def many_orders_same_email(attempt: Attempt) -> str | None:
    """More than N orders with the same email address (found by its blind index) in the last hour."""
    count = Order.objects.filter(email_index=attempt.order.email_index, created_at__gte=_hour_ago()).count()
    if count > conf.fraud_max_orders_per_hour:
        return f"{count} orders with the same email address in the last hour."
    return None


def many_declines_same_card(attempt: Attempt) -> str | None:
    """More than N declined attempts with the same card token in the last hour."""
    count = Payment.objects.filter(token=attempt.payment.token, status=Payment.Status.DECLINED,
                                   created_at__gte=_hour_ago()).count()
    if count > conf.fraud_max_declines_per_hour:
        return f"{count} declined payment attempts with the same card in the last hour."
    return None


RULES = (cvc_mismatch, address_mismatch, ip_country_mismatch, order_value_high, many_orders_same_card,
         many_orders_same_email, many_declines_same_card)


def fraud_reasons(*, order: Order, payment: Payment, client_ip: str | None) -> list[str]:
    """Every reason to hold `order`; empty when it may be dispatched."""
    attempt = Attempt(order=order, payment=payment, client_ip=client_ip)
    return [reason for rule in RULES if (reason := rule(attempt))]
