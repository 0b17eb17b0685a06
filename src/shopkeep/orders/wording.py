"""What the customer is told about their order where they look at it (order page, emails): its current state,
and what has happened to the money so far, so a delivered order no longer says it is about to be charged."""

from dataclasses import dataclass
from decimal import Decimal

from shopkeep.money import Money
from shopkeep.orders.models import Order

S = Order.Status

HEADLINES: dict[str, tuple[str, str]] = {
    S.PLACED: ("Thank you! Your order is placed.", "We are preparing it."),
    S.READY_TO_DISPATCH: ("Thank you! Your order is placed.", "We are preparing it for dispatch."),
    S.ON_HOLD: ("Thank you! Your order is placed.", "We need to confirm a few details before we send it; we may phone you."),
    S.PARTIALLY_DISPATCHED: ("Part of your order is on its way.", "We will send the rest as soon as we can."),
    S.DISPATCHED: ("Your order is on its way.", "We have handed it to the carrier."),
    S.DELIVERED: ("Your order has been delivered.", "We hope you like it."),
    S.CANCELLED: ("Your order has been cancelled.", "Nothing more will be sent."),
    S.RETURN_REQUESTED: ("We have your return request.", "We will tell you when the items arrive."),
    S.RETURNED: ("Your return has been refunded.", "The refund is on its way to your card."),
    S.EXCHANGED: ("Your replacement is on its way.", "We received your return and sent the other size."),
}


@dataclass(frozen=True)
class CustomerStatus:
    headline: str
    detail: str
    payment_note: str


def customer_status(*, order: Order, payments) -> CustomerStatus:
    """The headline, a sentence and the state of the payment for the order's current status."""
    headline, detail = HEADLINES.get(order.status, (order.get_status_display(), ""))
    return CustomerStatus(headline=headline, detail=detail, payment_note=_payment_note(order, list(payments)))


def _payment_note(order: Order, payments) -> str:
    captured = Money(sum((p.captured_amount for p in payments), Decimal("0.00")), order.currency)
    refunded = Money(sum((p.refunded_amount for p in payments), Decimal("0.00")), order.currency)
    if not payments:
        return ""
    if order.status == S.CANCELLED and not captured.amount:
        return "The authorisation was released; you have not been charged."
    if not captured.amount:
        return "Authorised now; charged when we dispatch your order."
    note = f"Charged {captured} for what we sent"
    if order.status in (S.PARTIALLY_DISPATCHED,):
        note += "; the rest is charged when we send it"
    if refunded.amount:
        note += f"; {refunded} refunded"
    return note + "."
