"""Refunds with a reason (partial, goodwill, of a return), refused returns, cancellation and exchanges after the sale."""

from decimal import Decimal

import pytest

from shopkeep.catalog.tests.factories import variant_create
from shopkeep.money import Money
from shopkeep.orders.aftercare import order_refund_with_reason, refund_amount_parse, return_refuse
from shopkeep.orders.errors import OrderError, RefundTooLarge, ReturnRefused
from shopkeep.orders.fulfilment import (
    order_cancel,
    order_dispatch,
    order_mark_delivered,
    replacement_dispatch,
    replacements_to_dispatch,
    return_exchange_accept,
    return_refund,
    return_request,
)
from shopkeep.orders.models import Order, OrderEvent, ReturnRequest
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment, PaymentEvent

pytestmark = pytest.mark.django_db
S = Order.Status
EUR = "EUR"


def dispatched_order(**options) -> Order:
    order = order_place(**options)
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="T-1", by=None)
    order.refresh_from_db()
    return order


def payment_of(order) -> Payment:
    return Payment.objects.get(order=order)


@pytest.mark.promise("P-22")
def test_a_partial_refund_with_a_reason_refunds_that_amount_and_records_the_reason():
    # given: 58.95 captured on dispatch
    order = dispatched_order()

    # when
    order_refund_with_reason(order=order, amount=Money(Decimal("10.00"), EUR), reason="One sock had a hole",
                             kind="partial", by=None, key="k1")

    # then
    assert payment_of(order).refunded_amount == Decimal("10.00")
    event = order.events.get(kind=OrderEvent.Kind.REFUND)
    assert "One sock had a hole" in event.note and "10.00" in event.note


@pytest.mark.promise("P-22")
@pytest.mark.parametrize("kind", ["partial", "goodwill"])
def test_partial_and_goodwill_refunds_never_exceed_what_was_captured(kind):
    # given: 58.95 captured, 50.00 of it already refunded
    order = dispatched_order()
    order_refund_with_reason(order=order, amount=Money(Decimal("50.00"), EUR), reason="Late parcel", kind=kind,
                             by=None, key="first")

    # when: a refund of more than the 8.95 left is asked for
    with pytest.raises(RefundTooLarge, match="At most 8.95 EUR"):
        order_refund_with_reason(order=order, amount=Money(Decimal("9.00"), EUR), reason="Again", kind=kind,
                                 by=None, key="second")

    # then: nothing more was refunded, and exactly the rest can still go back
    assert payment_of(order).refunded_amount == Decimal("50.00")
    order_refund_with_reason(order=order, amount=Money(Decimal("8.95"), EUR), reason="All of it", kind=kind,
                             by=None, key="third")
    assert payment_of(order).refunded_amount == payment_of(order).captured_amount == Decimal("58.95")


def test_nothing_can_be_refunded_before_anything_was_captured():
    # given: authorised only
    order = order_place()

    # when / then
    with pytest.raises(RefundTooLarge, match="At most 0.00 EUR"):
        order_refund_with_reason(order=order, amount=Money(Decimal("1.00"), EUR), reason="Sorry", kind="goodwill",
                                 by=None, key="k")
    assert not PaymentEvent.objects.filter(kind="refund").exists()


def test_a_refund_needs_a_reason_and_a_sensible_amount():
    # given
    order = dispatched_order()

    # when / then
    with pytest.raises(OrderError, match="reason"):
        order_refund_with_reason(order=order, amount=Money(Decimal("1.00"), EUR), reason=" ", kind="goodwill",
                                 by=None, key="k")
    for typed in ("", "abc", "-1", "0", "1.234", "NaN"):
        with pytest.raises(OrderError):
            refund_amount_parse(value=typed, currency=EUR)
    assert refund_amount_parse(value="12,50", currency=EUR) == Money(Decimal("12.50"), EUR)


def test_the_same_refund_form_sent_twice_refunds_once():
    # given
    order = dispatched_order()

    # when
    for _ in range(2):
        order_refund_with_reason(order=order, amount=Money(Decimal("5.00"), EUR), reason="Goodwill", kind="goodwill",
                                 by=None, key="same-key")

    # then
    assert payment_of(order).refunded_amount == Decimal("5.00")


def delivered_with_return(kind="refund", **extra) -> tuple[Order, ReturnRequest]:
    order = dispatched_order()
    order_mark_delivered(order=order)
    socks = order.lines.order_by("id").first()
    request = return_request(order=order, quantities={socks.pk: 2}, reason="Too small", kind=kind, **extra)
    return order, request


@pytest.mark.promise("P-22")
def test_a_return_refunded_for_less_than_its_value_needs_a_reason_and_never_more_than_captured():
    # given: a return of two socks worth 25.00
    order, request = delivered_with_return()

    # when / then: less without a reason is refused; more than captured is refused
    with pytest.raises(ReturnRefused, match="reason"):
        return_refund(request=request, by=None, amount=Money(Decimal("20.00"), EUR))
    with pytest.raises(RefundTooLarge):
        return_refund(request=request, by=None, amount=Money(Decimal("60.00"), EUR))
    return_refund(request=request, by=None, amount=Money(Decimal("20.00"), EUR), reason="One pair was worn")

    # then
    assert payment_of(order).refunded_amount == Decimal("20.00")
    assert any("One pair was worn" in event.note for event in order.events.filter(to_status=S.RETURNED))


@pytest.mark.promise("P-22")
def test_refusing_a_return_records_the_reason_and_refunds_nothing():
    # given
    order, request = delivered_with_return()

    # when
    return_refuse(request=request, reason="Returned after being worn", by=None)

    # then
    request.refresh_from_db()
    order.refresh_from_db()
    assert (request.status, request.refusal_reason) == (ReturnRequest.Status.REFUSED, "Returned after being worn")
    assert order.status == S.DELIVERED
    assert payment_of(order).refunded_amount == Decimal("0.00")
    assert any("Returned after being worn" in event.note for event in order.events.filter(to_status=S.DELIVERED, from_status=S.RETURN_REQUESTED))
    with pytest.raises(ReturnRefused):
        return_refuse(request=request, reason="Twice", by=None)


def test_a_refusal_needs_a_reason():
    # given
    _, request = delivered_with_return()

    # when / then
    with pytest.raises(ReturnRefused, match="reason"):
        return_refuse(request=request, reason="", by=None)
    request.refresh_from_db()
    assert request.status == ReturnRequest.Status.REQUESTED


@pytest.mark.promise("P-18")
def test_cancel_before_dispatch_voids_the_authorisation():
    # given
    order = order_place()

    # when
    order_cancel(order=order, by=None)

    # then
    payment = payment_of(order)
    assert (payment.status, payment.captured_amount) == (Payment.Status.VOIDED, Decimal("0.00"))
    assert payment.events.filter(kind="void", result="ok").exists()


@pytest.mark.promise("P-22")
def test_an_exchange_waits_in_the_dispatch_queue_and_leaves_for_the_orders_address():
    # given: the customer exchanges socks M for L, and the goods arrived
    order = dispatched_order()
    order_mark_delivered(order=order)
    socks = order.lines.order_by("id").first()
    larger = variant_create(product=socks.variant.product, sku="SOCKS-L", size="L", price="12.50", stock=5)
    request = return_request(order=order, quantities={socks.pk: 2}, reason="Too small", kind="exchange",
                             exchange_variants={socks.pk: larger.pk})

    # when
    return_exchange_accept(request=request, by=None)

    # then: the replacement is in the queue with the order's delivery address
    queued = list(replacements_to_dispatch())
    assert [r.pk for r in queued] == [request.pk]
    assert queued[0].order.shipping_address.line1 == order.shipping_address.line1

    # and when fulfilment sends it
    shipment = replacement_dispatch(request=request, by=None, carrier="DPD", tracking_number="X-2")

    # then
    order.refresh_from_db()
    assert order.status == S.EXCHANGED and shipment.is_replacement and shipment.amount == Decimal("0.00")
    assert [(item.line_id, item.quantity) for item in shipment.lines.all()] == [(socks.pk, 2)]
    assert list(replacements_to_dispatch()) == []
    assert payment_of(order).captured_amount == Decimal("58.95")
