"""Dispatch captures exactly what leaves (P-18), cancelling voids, fraud review, delivery and returns (P-22)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import variant_create
from shopkeep.money import Money
from shopkeep.orders.errors import IllegalTransition, NothingToDispatch, OrderError, RefundTooLarge, ReturnRefused
from shopkeep.orders.fulfilment import (
    Review,
    order_cancel,
    order_dispatch,
    order_mark_delivered,
    order_review,
    return_exchange,
    return_refund,
    return_request,
)
from shopkeep.orders.models import Order, PhoneVerification, ReturnRequest, Shipment
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.privacy.models import Disclosure
from shopkeep.sandbox_gateway.tests.factories import ADDRESS_FAILS

pytestmark = pytest.mark.django_db

S = Order.Status


def lines_of(order):
    return list(order.lines.order_by("id"))


def payment_of(order) -> Payment:
    return Payment.objects.get(order=order)


def dispatch_all(order, staff=None):
    return order_dispatch(order=order, quantities={line.pk: line.quantity for line in lines_of(order)},
                          carrier="Royal Mail", tracking_number="RM123", by=staff)


def delivered_order(**kwargs):
    order = order_place(**kwargs)
    dispatch_all(order)
    order_mark_delivered(order=order)
    order.refresh_from_db()
    return order


@pytest.mark.promise("P-18", clause="authorised at checkout")
def test_nothing_is_captured_before_dispatch():
    # given / when
    order = order_place()

    # then
    payment = payment_of(order)
    assert (payment.status, payment.amount, payment.captured_amount) == ("authorised", Decimal("58.95"),
                                                                         Decimal("0.00"))


@pytest.mark.promise("P-18", clause="captured on dispatch")
def test_a_partial_dispatch_captures_its_goods_and_all_shipping(mailoutbox, django_capture_on_commit_callbacks):
    # given
    order = order_place()  # 2 × 12.50 + 1 × 30.00 + 3.95 shipping
    socks, lamp = lines_of(order)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        shipment = order_dispatch(order=order, quantities={socks.pk: 1}, carrier="DPD", tracking_number="DPD-1",
                                  by=None)

    # then
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_DISPATCHED
    assert shipment.amount == Decimal("16.45")
    assert payment_of(order).captured_amount == Decimal("16.45")
    assert Disclosure.objects.filter(processor="carrier", subject_ref=order.number).count() == 1
    [message] = [m for m in mailoutbox if "on its way" in m.subject]
    assert "DPD-1" in message.body


@pytest.mark.promise("P-18", clause="captured on dispatch")
def test_the_last_shipment_captures_the_rest_and_the_total_equals_the_order():
    # given
    order = order_place()
    socks, lamp = lines_of(order)
    order_dispatch(order=order, quantities={socks.pk: 1}, carrier="DPD", tracking_number="1", by=None)

    # when
    second = order_dispatch(order=order, quantities={socks.pk: 1, lamp.pk: 1}, carrier="DPD", tracking_number="2",
                            by=None)

    # then
    order.refresh_from_db()
    payment = payment_of(order)
    assert order.status == S.DISPATCHED
    assert second.amount == Decimal("42.50")
    assert (payment.captured_amount, payment.status) == (Decimal("58.95"), "captured")


def test_dispatching_more_than_is_left_is_refused_and_captures_nothing():
    # given
    order = order_place()
    socks, _ = lines_of(order)

    # when
    with pytest.raises(NothingToDispatch):
        order_dispatch(order=order, quantities={socks.pk: 3}, carrier="DPD", tracking_number="1", by=None)

    # then
    assert payment_of(order).captured_amount == Decimal("0.00")
    assert Shipment.objects.count() == 0


def test_a_held_order_cannot_be_dispatched():
    # given
    order = order_place(card=ADDRESS_FAILS)

    # when
    with pytest.raises(IllegalTransition):
        dispatch_all(order)

    # then
    order.refresh_from_db()
    assert order.status == S.ON_HOLD
    assert payment_of(order).captured_amount == Decimal("0.00")


@pytest.mark.promise("P-18", clause="void on cancel")
def test_cancelling_before_dispatch_voids_the_authorisation_and_releases_stock(mailoutbox,
                                                                                 django_capture_on_commit_callbacks):
    # given
    order = order_place()
    socks, _ = lines_of(order)
    stock_before = Variant.objects.get(pk=socks.variant_id).stock

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, note="customer changed their mind")

    # then
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert payment_of(order).status == "voided"
    assert Variant.objects.get(pk=socks.variant_id).stock == stock_before + 2
    assert [m.subject for m in mailoutbox if "cancelled" in m.subject] == [
        f"Your order has been cancelled ({order.number})"]


def test_a_dispatched_order_cannot_be_cancelled():
    # given
    order = order_place()
    dispatch_all(order)

    # when
    with pytest.raises(IllegalTransition):
        order_cancel(order=order)

    # then
    order.refresh_from_db()
    assert order.status == S.DISPATCHED
    assert payment_of(order).status == "captured"


@pytest.mark.promise("P-20")
def test_approving_a_held_order_after_a_phone_check_releases_it(django_user_model):
    # given
    order = order_place(card=ADDRESS_FAILS)
    agent = django_user_model.objects.create_user("cs@example.com", "pw", is_staff=True)

    # when
    order_review(order=order, by=agent, review=Review(called_at=timezone.now(), outcome="confirmed",
                                                      note="Moved house", approve=True))

    # then
    order.refresh_from_db()
    assert order.status == S.READY_TO_DISPATCH
    assert PhoneVerification.objects.get(order=order).by == agent


@pytest.mark.promise("P-20")
def test_rejecting_a_held_order_cancels_it_and_voids_the_authorisation():
    # given
    order = order_place(card=ADDRESS_FAILS)

    # when
    order_review(order=order, by=None, review=Review(called_at=timezone.now(), outcome="denied", note="",
                                                     approve=False))

    # then
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert payment_of(order).status == "voided"


def test_an_order_is_not_approved_unless_the_customer_confirmed_it():
    # given
    order = order_place(card=ADDRESS_FAILS)

    # when
    with pytest.raises(OrderError):
        order_review(order=order, by=None, review=Review(called_at=timezone.now(), outcome="unreachable", note="",
                                                         approve=True))

    # then
    order.refresh_from_db()
    assert order.status == S.ON_HOLD
    assert PhoneVerification.objects.count() == 0


@pytest.mark.promise("P-22")
def test_a_return_within_the_window_is_refunded_for_its_goods(mailoutbox, django_capture_on_commit_callbacks):
    # given
    order = delivered_order()
    socks, _ = lines_of(order)
    request = return_request(order=order, quantities={socks.pk: 1}, reason="Too small", kind="refund")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        return_refund(request=request, by=None)

    # then
    order.refresh_from_db()
    request.refresh_from_db()
    assert order.status == S.RETURNED
    assert request.refunded_amount == Decimal("12.50")
    assert payment_of(order).refunded_amount == Decimal("12.50")
    [message] = [m for m in mailoutbox if m.subject.startswith("Your refund")]
    assert "12.50" in message.body


@pytest.mark.promise("P-22")
def test_a_return_after_the_window_is_refused():
    # given
    order = delivered_order()
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=15))
    socks, _ = lines_of(order)

    # when
    with pytest.raises(ReturnRefused) as refused:
        return_request(order=order, quantities={socks.pk: 1}, reason="Too small", kind="refund")

    # then
    assert str(refused.value) == "Returns are accepted within 14 days of delivery."
    assert ReturnRequest.objects.count() == 0
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_returning_more_than_was_received_is_refused():
    # given
    order = delivered_order()
    socks, _ = lines_of(order)

    # when
    with pytest.raises(ReturnRefused):
        return_request(order=order, quantities={socks.pk: 3}, reason="Too small", kind="refund")

    # then
    assert ReturnRequest.objects.count() == 0


@pytest.mark.promise("P-22")
def test_a_refund_never_exceeds_what_was_captured():
    # given
    order = delivered_order()
    socks, _ = lines_of(order)
    request = return_request(order=order, quantities={socks.pk: 1}, reason="Too small", kind="refund")

    # when
    with pytest.raises(RefundTooLarge):
        return_refund(request=request, by=None, amount=Money(Decimal("100.00"), "EUR"))

    # then
    request.refresh_from_db()
    assert request.status == "requested"
    assert payment_of(order).refunded_amount == Decimal("0.00")


@pytest.mark.promise("P-22")
def test_an_exchange_sends_the_other_size_without_a_new_charge():
    # given
    order = delivered_order()
    socks, _ = lines_of(order)
    larger = variant_create(product=socks.variant.product, sku="SOCKS-L", size="L", price="12.50", stock=5)
    request = return_request(order=order, quantities={socks.pk: 2}, reason="Too small", kind="exchange",
                             exchange_variants={socks.pk: larger.pk})

    # when
    shipment = return_exchange(request=request, by=None, carrier="DPD", tracking_number="X-1")

    # then
    order.refresh_from_db()
    assert order.status == S.EXCHANGED
    assert (shipment.is_replacement, shipment.amount) == (True, Decimal("0.00"))
    assert Variant.objects.get(pk=larger.pk).stock == 3
    assert payment_of(order).captured_amount == Decimal("58.95")
