"""Reads of payments: which payment pays for an order, and what can still be refunded on it."""

from shopkeep.money import Money
from shopkeep.payments.models import Payment


def payment_for_order(*, order) -> Payment | None:
    """The payment that pays for the order: its newest live authorisation, else its newest payment not declined.

    The one definition used to capture, void and show "the order's payment" (an order renewed after a
    partial dispatch has several payments; refunds span them all through `order_refund`)."""
    payments = Payment.objects.filter(order=order).exclude(status=Payment.Status.DECLINED).order_by("-created_at", "-id")
    return payments.filter(status=Payment.Status.AUTHORISED).first() or payments.first()


def order_refundable(*, order) -> Money | None:
    """What can still be refunded on the order, over all its payments (None when nothing was captured)."""
    payments = [p for p in Payment.objects.filter(order=order) if p.captured_amount]
    if not payments:
        return None
    return sum((p.refundable for p in payments[1:]), payments[0].refundable)
