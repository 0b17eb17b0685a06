"""Dispatch, cancellation, fraud review, delivery and returns: the order's goods and money moving together.

Shipping rule (partial dispatch): each shipment captures what the customer pays for exactly the goods
in it (their price less their share of any discount, from the order's recorded figures), and the first
shipment also captures the whole shipping charge; the shipment that completes the order captures the
rest of the total, so the captured total after the last shipment equals the order total to the cent, and
a cancelled rest is never charged (P-18).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shopkeep.catalog.models import Variant
from shopkeep.catalog.services import stock_release, stock_reserve
from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.orders.errors import IllegalTransition, NothingToDispatch, OrderError, RefundTooLarge, ReturnRefused
from shopkeep.orders.models import (
    Order,
    OrderEvent,
    OrderLine,
    PhoneVerification,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)
from shopkeep.orders.services import order_transition, transition_allowed
from shopkeep.payments.selectors import order_refundable, payment_for_order
from shopkeep.payments.services import order_refund, payment_capture, payment_void
from shopkeep.pricing.totals import items_share_paid
from shopkeep.privacy.processors import processor_payload
from shopkeep.privacy.services import disclose

S = Order.Status


def _check(order: Order, to: str) -> None:
    if not transition_allowed(current=order.status, to=to):
        raise IllegalTransition(order.number, order.status, to)


def _subject_ref(order: Order) -> str:
    return order.customer.customer_number if order.customer_id else order.number


def dispatched_quantities(*, order: Order) -> dict[int, int]:
    """How many of each order line (by id) have left in shipments (replacements not counted)."""
    counts = {line.pk: 0 for line in order.lines.all()}
    for item in ShipmentLine.objects.filter(shipment__order=order, shipment__is_replacement=False):
        counts[item.line_id] += item.quantity
    return counts


def remaining_quantities(*, order: Order) -> dict[int, int]:
    """How many of each order line (by id) are still to be dispatched."""
    sent = dispatched_quantities(order=order)
    return {line.pk: line.quantity - sent[line.pk] for line in order.lines.all()}


def _goods_paid(*, order: Order, quantities: dict[int, int]) -> Money:
    """What the customer paid for `quantities` ({line id: quantity}): their price less their share of the discount."""
    lines = {line.pk: line for line in order.lines.all()}
    goods = sum((lines[pk].unit_price * quantity for pk, quantity in quantities.items()), Decimal("0.00"))
    return items_share_paid(part=Money(goods, order.currency), subtotal=order.subtotal_money,
                            discount=order.discount_money)


def shipment_amount(*, order: Order, quantities: dict[int, int]) -> Money:
    """What a shipment of `quantities` captures: its goods as paid, plus all shipping if it is the first
    shipment; the shipment that sends everything left captures the rest of the order total."""
    shipments = order.shipments.filter(is_replacement=False)
    remaining = remaining_quantities(order=order)
    if all(quantities.get(pk, 0) == left for pk, left in remaining.items()):
        captured = sum((shipment.amount for shipment in shipments), Decimal("0.00"))
        return Money(max(order.total - captured, Decimal("0.00")), order.currency)
    goods = _goods_paid(order=order, quantities=quantities)
    return goods + (order.shipping_money if not shipments.exists() else Money.zero(order.currency))


def carrier_payload(*, order: Order, carrier: str) -> dict[str, object]:
    """The delivery address handed to the carrier, through `disclose` (recorded, declared categories only)."""
    data = processor_payload(code="carrier", instance=order.shipping_address)
    return disclose(processor="carrier", subject_ref=_subject_ref(order), data=data,
                    purpose=f"delivery of order {order.number} by {carrier}")


def order_dispatch(*, order: Order, quantities: dict[int, int], carrier: str, tracking_number: str, by,
                   disclose_address: bool = True) -> Shipment:
    """Send `quantities` ({line id: quantity}) with `carrier`: capture exactly their amount, then record the shipment.

    Raises NothingToDispatch for empty or excessive quantities, IllegalTransition if the order may not be
    dispatched (e.g. on hold), and the payment error if the capture fails; nothing is recorded then.
    """
    order = Order.objects.select_related("shipping_address", "customer").get(pk=order.pk)
    _check(order, S.DISPATCHED)
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier or not tracking_number:
        raise NothingToDispatch("Enter the carrier and the tracking number.")
    remaining = remaining_quantities(order=order)
    quantities = {int(pk): int(quantity) for pk, quantity in quantities.items() if int(quantity)}
    if not quantities:
        raise NothingToDispatch("Choose at least one item to dispatch.")
    for pk, quantity in quantities.items():
        if pk not in remaining or quantity < 0 or quantity > remaining[pk]:
            raise NothingToDispatch("You cannot dispatch more of an item than is left to send.")
    amount = shipment_amount(order=order, quantities=quantities)
    number = order.shipments.filter(is_replacement=False).count() + 1
    payment = payment_for_order(order=order)
    if payment is None:
        raise OrderError(f"Order {order.number} has no authorised payment to capture.")
    payment_capture(payment=payment, amount=amount, idempotency_key=f"dispatch:{order.number}:{number}")
    complete = all(remaining[pk] == quantities.get(pk, 0) for pk in remaining)
    with transaction.atomic():
        shipment = Shipment.objects.create(order=order, carrier=carrier, tracking_number=tracking_number,
                                           amount=amount.amount, by=by)
        ShipmentLine.objects.bulk_create(ShipmentLine(shipment=shipment, line_id=pk, quantity=quantity)
                                         for pk, quantity in quantities.items())
        if disclose_address:
            carrier_payload(order=order, carrier=carrier)
        order_transition(order=order, to=S.DISPATCHED if complete else S.PARTIALLY_DISPATCHED, by=by,
                         note=f"{carrier} {tracking_number}: captured {amount.amount} {amount.currency}",
                         email_context={"shipment_id": shipment.pk})
    return shipment


IMMEDIATE_CARRIER = "Delivered at once (charged at checkout with your consent)"


def immediate_lines(*, order: Order) -> dict[int, int]:
    """The order's lines (id: quantity) for products charged at checkout rather than on dispatch."""
    return {line.pk: line.quantity for line in order.lines.filter(variant__product__capture_immediately=True)}


def order_capture_immediate(*, order: Order) -> Shipment | None:
    """Capture, at checkout, the lines of products marked capture_immediately (the customer consented).

    Only when the shop allows it and the order passed screening; the lines count as delivered at once (a
    shipment without a carrier disclosure), so dispatch never charges them twice. None when nothing applies.
    """
    order = Order.objects.get(pk=order.pk)
    lines = immediate_lines(order=order)
    if not conf.immediate_capture_allowed or not lines or order.status != S.READY_TO_DISPATCH:
        return None
    return order_dispatch(order=order, quantities=lines, carrier=IMMEDIATE_CARRIER, tracking_number=order.number,
                          by=None, disclose_address=False)


def order_cancel(*, order: Order, by=None, note: str = "") -> Order:
    """Cancel an order not yet dispatched: void the authorisation (P-18), put the stock back, tell the customer."""
    order = Order.objects.get(pk=order.pk)
    _check(order, S.CANCELLED)
    payment = payment_for_order(order=order)
    if payment is not None:
        payment_void(payment=payment, idempotency_key=f"cancel:{order.number}")
    with transaction.atomic():
        cancelled = order_transition(order=order, to=S.CANCELLED, by=by, note=note or "Cancelled before dispatch.")
        stock_release(quantities={line.variant_id: line.quantity for line in order.lines.all() if line.variant_id})
    return cancelled


@dataclass(frozen=True)
class Review:
    called_at: datetime
    outcome: str
    note: str
    approve: bool


def order_review(*, order: Order, by, review: Review) -> PhoneVerification:
    """Record customer service's phone check of a held order, then approve it (ready to dispatch) or reject it
    (cancel and void). Approval needs the customer to have confirmed the order."""
    order = Order.objects.get(pk=order.pk)
    if order.status != S.ON_HOLD:
        raise IllegalTransition(order.number, order.status, S.READY_TO_DISPATCH if review.approve else S.CANCELLED)
    if review.approve and review.outcome != PhoneVerification.Outcome.CONFIRMED:
        raise OrderError("Approve an order only after the customer confirmed it on the phone.")
    verification = PhoneVerification.objects.create(order=order, by=by, called_at=review.called_at,
                                                    outcome=review.outcome, note=review.note)
    label = PhoneVerification.Outcome(review.outcome).label
    if review.approve:
        order_transition(order=order, to=S.READY_TO_DISPATCH, by=by, note=f"Phone check: {label}. Approved.")
    else:
        order_cancel(order=order, by=by, note=f"Phone check: {label}. Rejected.")
    return verification


def order_mark_delivered(*, order: Order, by=None) -> Order:
    """Record that the carrier delivered the order; the return window starts now."""
    return order_transition(order=order, to=S.DELIVERED, by=by, note="Delivered.", email=False)


def return_window_open(*, order: Order, now: datetime | None = None) -> bool:
    """True while the customer may still ask to return goods of a delivered order (P-22)."""
    if order.status not in (S.DELIVERED, S.EXCHANGED) or order.delivered_at is None:
        return False
    return (now or timezone.now()) <= order.delivered_at + timedelta(days=conf.return_window_days)


def returnable_quantities(*, order: Order) -> dict[int, int]:
    """How many of each line (by id) may still be returned: dispatched and not already returned."""
    sent = dispatched_quantities(order=order)
    for item in ReturnLine.objects.filter(request__order=order):
        sent[item.line_id] -= item.quantity
    return sent


def return_request(*, order: Order, quantities: dict[int, int], reason: str, kind: str,
                   exchange_variants: dict[int, int] | None = None, now: datetime | None = None) -> ReturnRequest:
    """The customer asks to return `quantities` for a refund or an exchange to another size (P-22)."""
    order = Order.objects.get(pk=order.pk)
    if not return_window_open(order=order, now=now):
        raise ReturnRefused(f"Returns are accepted within {conf.return_window_days} days of delivery.")
    reason = (reason or "").strip()
    if not reason:
        raise ReturnRefused("Tell us why you are returning the items.")
    if kind not in ReturnRequest.Kind.values:
        raise ReturnRefused("Choose a refund or an exchange.")
    returnable = returnable_quantities(order=order)
    quantities = {int(pk): int(quantity) for pk, quantity in quantities.items() if int(quantity)}
    if not quantities:
        raise ReturnRefused("Choose at least one item to return.")
    if any(pk not in returnable or not 0 < quantity <= returnable[pk] for pk, quantity in quantities.items()):
        raise ReturnRefused("You cannot return more of an item than you received.")
    exchange_variants = {int(k): int(v) for k, v in (exchange_variants or {}).items() if v}
    lines = {line.pk: line for line in order.lines.select_related("variant")}
    if kind == ReturnRequest.Kind.EXCHANGE:
        for pk in quantities:
            variant = Variant.objects.filter(pk=exchange_variants.get(pk)).first()
            if variant is None or lines[pk].variant is None or variant.product_id != lines[pk].variant.product_id:
                raise ReturnRefused("Choose another size of the same product for each item you exchange.")
    with transaction.atomic():
        request = ReturnRequest.objects.create(order=order, kind=kind, reason=reason[:2000])
        ReturnLine.objects.bulk_create(
            ReturnLine(request=request, line_id=pk, quantity=quantity,
                       exchange_variant_id=exchange_variants.get(pk) if kind == ReturnRequest.Kind.EXCHANGE else None)
            for pk, quantity in quantities.items()
        )
        order_transition(order=order, to=S.RETURN_REQUESTED, note=f"{request.get_kind_display()}: {reason[:200]}",
                         email_context={"return_id": request.pk})
    return request


def return_value(*, request: ReturnRequest) -> Money:
    """What the customer paid for the goods in a return: their price less their share of the order's discount."""
    quantities: dict[int, int] = {}
    for item in request.lines.all():
        quantities[item.line_id] = quantities.get(item.line_id, 0) + item.quantity
    return _goods_paid(order=request.order, quantities=quantities)


def return_refund(*, request: ReturnRequest, by, amount: Money | None = None, reason: str = "") -> ReturnRequest:
    """The returned goods arrived: refund them (or a smaller amount, with a reason, e.g. for damaged goods) over
    all the order's payments (never more than was captured and not yet refunded, in all)."""
    request = ReturnRequest.objects.select_related("order").get(pk=request.pk)
    order = request.order
    _check(order, S.RETURNED)
    if request.status != ReturnRequest.Status.REQUESTED:
        raise ReturnRefused("This return has already been handled.")
    value = return_value(request=request)
    amount = amount or value
    if amount.amount < value.amount and not reason.strip():
        raise ReturnRefused("Give the reason for refunding less than the goods' value; the customer is told it.")
    available = order_refundable(order=order) or Money(Decimal("0.00"), order.currency)
    if amount.currency != available.currency or amount.amount > available.amount:
        raise RefundTooLarge(f"At most {available.amount} {available.currency} can be refunded.")
    order_refund(order=order, amount=amount, idempotency_key=f"return:{request.pk}")
    note = f"Refunded {amount.amount} {amount.currency}." + (f" Reason: {reason.strip()[:500]}" if reason.strip() else "")
    with transaction.atomic():
        request.status = ReturnRequest.Status.REFUNDED
        request.refunded_amount = amount.amount
        request.save(update_fields=["status", "refunded_amount", "updated_at"])
        stock_release(quantities=_quantities_by_variant(request))
        order_transition(order=order, to=S.RETURNED, by=by, note=note, email_context={"refund": str(amount.amount)})
    return request


def _quantities_by_variant(request: ReturnRequest) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for item in request.lines.select_related("line"):
        if item.line.variant_id:
            quantities[item.line.variant_id] = quantities.get(item.line.variant_id, 0) + item.quantity
    return quantities


def return_exchange_accept(*, request: ReturnRequest, by) -> ReturnRequest:
    """The returned goods of an exchange arrived: reserve the other size, put the returned goods back in stock,
    and queue the replacement for fulfilment's dispatch queue."""
    request = ReturnRequest.objects.select_related("order").get(pk=request.pk)
    if request.status != ReturnRequest.Status.REQUESTED or request.kind != ReturnRequest.Kind.EXCHANGE:
        raise ReturnRefused("This return is not an exchange waiting for its goods.")
    _check(request.order, S.EXCHANGED)
    with transaction.atomic():
        wanted: dict[int, int] = {}
        for item in request.lines.all():
            wanted[item.exchange_variant_id] = wanted.get(item.exchange_variant_id, 0) + item.quantity
        stock_reserve(quantities=wanted)
        stock_release(quantities=_quantities_by_variant(request))
        request.status = ReturnRequest.Status.RECEIVED
        request.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(order=request.order, kind=OrderEvent.Kind.NOTE, from_status=request.order.status,
                                  to_status=request.order.status, by=by,
                                  note="Returned goods received; the replacement waits in the dispatch queue.")
    return request


def replacement_dispatch(*, request: ReturnRequest, by, carrier: str, tracking_number: str) -> Shipment:
    """Send the replacement of a received exchange (no new charge) and tell the customer."""
    request = ReturnRequest.objects.select_related("order").get(pk=request.pk)
    order = request.order
    _check(order, S.EXCHANGED)
    if request.status != ReturnRequest.Status.RECEIVED or request.kind != ReturnRequest.Kind.EXCHANGE:
        raise ReturnRefused("This replacement is not waiting to be sent.")
    if not carrier.strip() or not tracking_number.strip():
        raise NothingToDispatch("Enter the carrier and the tracking number.")
    with transaction.atomic():
        shipment = Shipment.objects.create(order=order, carrier=carrier.strip(),
                                           tracking_number=tracking_number.strip(), amount=Decimal("0.00"), by=by,
                                           is_replacement=True)
        ShipmentLine.objects.bulk_create(ShipmentLine(shipment=shipment, line_id=item.line_id, quantity=item.quantity)
                                         for item in request.lines.all())
        request.status = ReturnRequest.Status.EXCHANGED
        request.save(update_fields=["status", "updated_at"])
        carrier_payload(order=order, carrier=carrier)
        order_transition(order=order, to=S.EXCHANGED, by=by, note=f"Replacement sent: {carrier} {tracking_number}",
                         email_context={"shipment_id": shipment.pk})
    return shipment


def return_exchange(*, request: ReturnRequest, by, carrier: str, tracking_number: str) -> Shipment:
    """Receive an exchange's goods and send the replacement in one step."""
    if not carrier.strip() or not tracking_number.strip():
        raise NothingToDispatch("Enter the carrier and the tracking number.")
    return replacement_dispatch(request=return_exchange_accept(request=request, by=by), by=by, carrier=carrier,
                                tracking_number=tracking_number)


def replacements_to_dispatch():
    """Exchanges whose returned goods arrived, waiting for fulfilment to send the other size, oldest first."""
    return (ReturnRequest.objects.filter(kind=ReturnRequest.Kind.EXCHANGE, status=ReturnRequest.Status.RECEIVED)
            .select_related("order", "order__shipping_address").order_by("updated_at", "id"))


def orders_to_dispatch():
    """Orders fulfilment may send now, oldest first."""
    return (Order.objects.filter(status__in=(S.READY_TO_DISPATCH, S.PARTIALLY_DISPATCHED))
            .select_related("shipping_address").order_by("created_at", "id"))


def orders_on_hold():
    """Orders waiting for customer service's check, oldest first."""
    return Order.objects.filter(status=S.ON_HOLD).select_related("billing_address").order_by("created_at", "id")


def order_lines(*, order: Order) -> list[OrderLine]:
    return list(order.lines.all())
