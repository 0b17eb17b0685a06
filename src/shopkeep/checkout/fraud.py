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
from shopkeep.throttle import Rate, Throttled, throttle_add, throttle_counts

# Card testing: declines are counted per cart and per email address (a fresh card token each time does not
# start a new count). Past SHOPKEEP_CHECKOUT_DECLINE_LIMIT the cart and the address are refused for
# SHOPKEEP_CHECKOUT_BLOCK_MINUTES; an order placed after more than SHOPKEEP_FRAUD_MAX_DECLINES_PER_HOUR
# declines is held for review.
DECLINES_CART = "declines_cart"
DECLINES_EMAIL = "declines_email"
CARD_TESTING_MESSAGE = ("This checkout has had too many declined payments. To protect card holders we have paused "
                        "it: please try again in {minutes} minutes, or contact us.")


def _decline_rate() -> Rate:
    return Rate(conf.checkout_decline_limit, conf.checkout_block_minutes * 60)


def _email_key(email: str) -> str:
    return (email or "").strip().lower()


def card_testing_check(*, cart_token: str, email: str) -> None:
    """Raise Throttled when this cart or this email address has had too many declined payments lately."""
    rate = _decline_rate()
    pairs = [(scope, key) for scope, key in ((DECLINES_CART, cart_token), (DECLINES_EMAIL, _email_key(email))) if key]
    if any(count >= rate.limit for count in throttle_counts(pairs, rate=rate)):
        raise Throttled(CARD_TESTING_MESSAGE.format(minutes=rate.minutes), retry_after=rate.period)


def card_testing_decline(*, cart_token: str, email: str) -> None:
    """Count one declined payment for the cart and for the email address."""
    rate = _decline_rate()
    throttle_add(DECLINES_CART, cart_token, rate=rate)
    throttle_add(DECLINES_EMAIL, _email_key(email), rate=rate)


def declines_before(*, cart_token: str, email: str) -> int:
    """The declined payments counted for this cart or this email address (the larger), in the current period."""
    rate = _decline_rate()
    pairs = [(DECLINES_EMAIL, _email_key(email))] + ([(DECLINES_CART, cart_token)] if cart_token else [])
    return max(throttle_counts(pairs, rate=rate))


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
             .values("pk").distinct().count())
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


def many_declines_before_order(attempt: Attempt) -> str | None:
    """More than N declined payments for the same cart or email address before this order (card testing)."""
    cart = getattr(attempt.order, "cart", None)
    count = declines_before(cart_token=cart.token if cart else "", email=attempt.order.email)
    if count > conf.fraud_max_declines_per_hour:
        return f"{count} declined payment attempts for this cart or email address before the order (card testing?)."
    return None


RULES = (cvc_mismatch, address_mismatch, ip_country_mismatch, order_value_high, many_orders_same_card,
         many_orders_same_email, many_declines_same_card, many_declines_before_order)


def fraud_reasons(*, order: Order, payment: Payment, client_ip: str | None) -> list[str]:
    """Every reason to hold `order`; empty when it may be dispatched."""
    attempt = Attempt(order=order, payment=payment, client_ip=client_ip)
    return [reason for rule in RULES if (reason := rule(attempt))]
