"""After the sale: refunds with a reason, refused returns, staff notes and resent emails.

Refund rule: whatever the kind (the goods of a return, part of them, or goodwill), a refund is never more
than what was captured on the order and not yet refunded, in all its payments.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from shopkeep.money import Money
from shopkeep.orders.errors import OrderError, RefundTooLarge, ReturnRefused
from shopkeep.orders.models import Order, OrderEvent, ReturnRequest
from shopkeep.orders.services import (
    APPROVED_EMAIL,
    UPDATE_EMAILS,
    order_confirmation_send,
    order_transition,
    order_update_notify,
)
from shopkeep.payments.selectors import order_refundable
from shopkeep.payments.services import order_refund

S = Order.Status
REFUND_KINDS = {"partial": "Partial refund", "goodwill": "Goodwill refund"}


def refund_amount_parse(*, value: str, currency: str) -> Money:
    """The amount a member of staff typed, as Money; OrderError with a sentence if it is not a positive amount."""
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise OrderError("Enter the amount to refund as a number, e.g. 12.50.") from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise OrderError("Enter a positive amount with at most two decimals.")
    return Money(amount, currency)


def refund_check(*, order: Order, amount: Money) -> None:
    """Refuse a refund larger than what the order's payments captured and have not yet refunded."""
    available = order_refundable(order=order) or Money(Decimal("0.00"), order.currency)
    if amount.currency != available.currency or amount.amount > available.amount:
        raise RefundTooLarge(f"At most {available.amount} {available.currency} can be refunded on order "
                             f"{order.number} (what was captured and not yet refunded).")


def order_refund_with_reason(*, order: Order, amount: Money, reason: str, kind: str, by, key: str) -> OrderEvent:
    """Refund part of a captured order, or a goodwill amount, for a stated reason; the customer is told.

    `key` makes a resubmitted form refund once only. Raises RefundTooLarge above what can be refunded.
    """
    order = Order.objects.get(pk=order.pk)
    reason = (reason or "").strip()
    if kind not in REFUND_KINDS:
        raise OrderError("Choose a partial or a goodwill refund.")
    if not reason:
        raise OrderError("Give the reason for the refund; the customer is told it.")
    if amount.amount <= 0:
        raise OrderError("Enter a positive amount.")
    refund_check(order=order, amount=amount)
    order_refund(order=order, amount=amount, idempotency_key=f"refund:{order.number}:{key}")
    with transaction.atomic():
        event = OrderEvent.objects.create(order=order, kind=OrderEvent.Kind.REFUND, from_status=order.status,
                                          to_status=order.status, by=by,
                                          note=f"{REFUND_KINDS[kind]} of {amount.amount} {amount.currency}: {reason[:500]}")
        order_update_notify(order=order, headline="We have refunded part of your order",
                            message=f"We refunded {amount.amount} {amount.currency} to your card. Reason: {reason[:500]}",
                            extra={"refund": str(amount.amount)})
    return event


def return_refuse(*, request: ReturnRequest, reason: str, by) -> ReturnRequest:
    """Refuse a return with a reason (recorded and told to the customer); the order is delivered again."""
    request = ReturnRequest.objects.select_related("order").get(pk=request.pk)
    reason = (reason or "").strip()
    if request.status != ReturnRequest.Status.REQUESTED:
        raise ReturnRefused("This return has already been handled.")
    if not reason:
        raise ReturnRefused("Give the reason for refusing the return; the customer is told it.")
    with transaction.atomic():
        request.status = ReturnRequest.Status.REFUSED
        request.refusal_reason = reason[:2000]
        request.save(update_fields=["status", "refusal_reason", "updated_at"])
        order = order_transition(order=request.order, to=S.DELIVERED, by=by, note=f"Return refused: {reason[:500]}")
        order_update_notify(order=order, headline="We could not accept your return",
                            message=f"We could not accept your return. Reason: {reason[:500]}")
    return request


def order_note_add(*, order: Order, note: str, by) -> OrderEvent:
    """Add a staff note to the order's history."""
    note = (note or "").strip()
    if not note:
        raise OrderError("Write the note first.")
    return OrderEvent.objects.create(order=order, kind=OrderEvent.Kind.NOTE, from_status=order.status,
                                     to_status=order.status, by=by, note=note[:2000])


def order_email_resend(*, order: Order, by) -> str:
    """Send the customer the email for the order's current state again: the confirmation, or the latest update."""
    order = Order.objects.get(pk=order.pk)
    template = UPDATE_EMAILS.get(order.status)
    if order.status == S.READY_TO_DISPATCH and order.events.filter(from_status=S.ON_HOLD).exists():
        template = APPROVED_EMAIL
    if template is None:
        order_confirmation_send(order=order)
        sent = "the order confirmation"
    else:
        order_update_notify(order=order, headline=template[0], message=template[1])
        sent = f"“{template[0]}”"
    OrderEvent.objects.create(order=order, kind=OrderEvent.Kind.NOTE, from_status=order.status,
                              to_status=order.status, by=by, note=f"Resent {sent} to the customer.")
    return sent
