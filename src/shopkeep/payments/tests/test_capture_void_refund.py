"""Capturing, voiding and refunding: partial amounts, limits, idempotent retries and the events recorded."""

from decimal import Decimal

import pytest

from shopkeep.payments.errors import (
    CaptureExceedsAuthorisation,
    IdempotencyKeyReused,
    InvalidAmount,
    PaymentNotLive,
    RefundExceedsCapture,
)
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.selectors import order_refundable, payment_for_order
from shopkeep.payments.services import (
    order_refund,
    payment_capture,
    payment_reauthorise,
    payment_refund,
    payment_void,
)
from shopkeep.payments.tests.factories import eur, order_placed, payment_authorised
from shopkeep.sandbox_gateway.models import SandboxCharge, SandboxOperation

pytestmark = pytest.mark.django_db


def _events(payment):
    return list(payment.events.values_list("kind", "amount", "result"))


@pytest.mark.promise("P-18")
def test_authorising_records_an_authorise_event():
    # when
    payment = payment_authorised(amount="100.00")

    # then
    event = PaymentEvent.objects.get()
    assert (event.payment, event.kind, event.amount, event.currency, event.result, event.idempotency_key) == (
        payment, "authorise", Decimal("100.00"), "EUR", "ok", "auth-1")
    assert event.gateway_reference == payment.reference


@pytest.mark.promise("P-18")
def test_partial_captures_summing_to_the_authorisation_capture_it_all():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    first = payment_capture(payment=payment, amount=eur("30.00"), idempotency_key="cap-1")
    second = payment_capture(payment=payment, amount=eur("70.00"), idempotency_key="cap-2")

    # then
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount, payment.capturable) == (
        Payment.Status.CAPTURED, Decimal("100.00"), eur("0.00"))
    assert (first.kind, first.amount, first.result, second.amount) == ("capture", Decimal("30.00"), "ok",
                                                                        Decimal("70.00"))
    charge = SandboxCharge.objects.get()
    assert (charge.status, charge.captured_amount) == ("captured", Decimal("100.00"))
    assert first.gateway_reference == SandboxOperation.objects.get(idempotency_key="cap-1").reference


@pytest.mark.promise("P-18")
def test_a_partial_capture_leaves_the_rest_authorised():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")

    # then
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount, payment.capturable) == (
        Payment.Status.AUTHORISED, Decimal("40.00"), eur("60.00"))


@pytest.mark.promise("P-18")
def test_retrying_a_capture_with_the_same_key_captures_once():
    # given
    payment = payment_authorised(amount="100.00")
    first = payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")

    # when
    again = payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")

    # then
    payment.refresh_from_db()
    assert again == first
    assert payment.captured_amount == Decimal("40.00")
    assert SandboxCharge.objects.get().captured_amount == Decimal("40.00")
    assert SandboxOperation.objects.filter(kind="capture").count() == 1


@pytest.mark.promise("P-18")
def test_capturing_more_than_is_left_is_refused_and_changes_nothing():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("60.00"), idempotency_key="cap-1")

    # when
    with pytest.raises(CaptureExceedsAuthorisation) as refused:
        payment_capture(payment=payment, amount=eur("40.01"), idempotency_key="cap-2")

    # then
    assert str(refused.value) == (
        "Cannot capture 40.01 EUR: only 40.00 EUR of the authorisation is left to capture. Capture a smaller amount.")
    payment.refresh_from_db()
    assert payment.captured_amount == Decimal("60.00")
    assert SandboxCharge.objects.get().captured_amount == Decimal("60.00")
    assert _events(payment) == [("authorise", Decimal("100.00"), "ok"), ("capture", Decimal("60.00"), "ok")]


@pytest.mark.parametrize("amount", [eur("0.00"), eur("-5.00")])
@pytest.mark.promise("P-18")
def test_a_capture_of_nothing_or_less_is_refused(amount):
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with pytest.raises(InvalidAmount):
        payment_capture(payment=payment, amount=amount, idempotency_key="cap-1")

    # then
    payment.refresh_from_db()
    assert payment.captured_amount == Decimal("0.00")
    assert payment.events.count() == 1


@pytest.mark.promise("P-18")
def test_voiding_releases_the_authorisation_and_capturing_after_is_refused():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    event = payment_void(payment=payment)

    # then
    payment.refresh_from_db()
    assert (payment.status, event.kind, event.amount, event.result) == (
        Payment.Status.VOIDED, "void", Decimal("100.00"), "ok")
    assert SandboxCharge.objects.get().status == "voided"
    with pytest.raises(PaymentNotLive):
        payment_capture(payment=payment, amount=eur("1.00"), idempotency_key="cap-1")
    assert payment_void(payment=payment) == event


@pytest.mark.promise("P-18")
def test_voiding_after_a_partial_capture_releases_only_the_rest():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("25.00"), idempotency_key="cap-1")

    # when
    event = payment_void(payment=payment, idempotency_key="void-1")

    # then
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount, payment.capturable) == (
        Payment.Status.CAPTURED, Decimal("25.00"), eur("0.00"))
    assert event.amount == Decimal("75.00")
    charge = SandboxCharge.objects.get()
    assert (charge.status, charge.captured_amount) == ("captured", Decimal("25.00"))


@pytest.mark.promise("P-18")
def test_voiding_a_fully_captured_payment_does_nothing():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("100.00"), idempotency_key="cap-1")

    # when
    event = payment_void(payment=payment)

    # then
    assert event is None
    assert list(payment.events.values_list("kind", flat=True)) == ["authorise", "capture"]


@pytest.mark.promise("P-18")
def test_partial_refunds_never_exceed_what_was_captured():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("60.00"), idempotency_key="cap-1")
    payment_refund(payment=payment, amount=eur("20.00"), idempotency_key="ref-1")

    # when
    with pytest.raises(RefundExceedsCapture) as refused:
        payment_refund(payment=payment, amount=eur("40.01"), idempotency_key="ref-2")
    payment_refund(payment=payment, amount=eur("40.00"), idempotency_key="ref-3")

    # then
    assert "only 40.00 EUR has been captured and not yet refunded" in str(refused.value)
    payment.refresh_from_db()
    assert (payment.captured_amount, payment.refunded_amount, payment.refundable) == (
        Decimal("60.00"), Decimal("60.00"), eur("0.00"))
    assert SandboxCharge.objects.get().refunded_amount == Decimal("60.00")


@pytest.mark.promise("P-18")
def test_refunding_before_any_capture_is_refused():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with pytest.raises(RefundExceedsCapture):
        payment_refund(payment=payment, amount=eur("1.00"), idempotency_key="ref-1")

    # then
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("0.00")
    assert not SandboxOperation.objects.exists()


@pytest.mark.promise("P-18")
def test_retrying_a_refund_with_the_same_key_refunds_once():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("100.00"), idempotency_key="cap-1")
    first = payment_refund(payment=payment, amount=eur("30.00"), idempotency_key="ref-1")

    # when
    again = payment_refund(payment=payment, amount=eur("30.00"), idempotency_key="ref-1")

    # then
    payment.refresh_from_db()
    assert again == first
    assert payment.refunded_amount == Decimal("30.00")
    assert SandboxOperation.objects.filter(kind="refund").count() == 1


@pytest.mark.promise("P-18")
def test_an_amount_in_another_currency_is_refused():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with pytest.raises(InvalidAmount) as refused:
        payment_capture(payment=payment, amount=eur("10.00").__class__(Decimal("10.00"), "GBP"),
                        idempotency_key="cap-1")

    # then
    assert "The payment is in EUR, not GBP." in str(refused.value)
    assert payment.events.count() == 1


@pytest.mark.promise("P-18")
def test_the_payment_for_an_order_is_its_live_authorisation():
    # given
    order, _ = order_placed()
    payment = Payment.objects.get(order=order)

    # when
    found = payment_for_order(order=order)

    # then
    assert found == payment
    assert found.status == Payment.Status.AUTHORISED
    assert list(found.events.values_list("kind", "result")) == [("authorise", "ok")]


@pytest.mark.promise("P-18")
def test_an_order_refund_spreads_over_payments_captured_before_and_after_a_renewal():
    # given: 10.00 captured, the authorisation renewed, then 5.00 captured on the new one
    order, _ = order_placed(price="20.00")
    first = Payment.objects.get(order=order)
    payment_capture(payment=first, amount=eur("10.00"), idempotency_key="dispatch:1")
    second = payment_reauthorise(payment=first)
    payment_capture(payment=second, amount=eur("5.00"), idempotency_key="dispatch:2")

    # when
    events = order_refund(order=order, amount=eur("12.00"), idempotency_key="return:1")
    again = order_refund(order=order, amount=eur("12.00"), idempotency_key="return:1")

    # then
    assert again == events
    assert [(e.payment_id, e.amount) for e in events] == [(second.pk, Decimal("5.00")), (first.pk, Decimal("7.00"))]
    assert order_refundable(order=order) == eur("3.00")
    with pytest.raises(RefundExceedsCapture):
        order_refund(order=order, amount=eur("3.01"), idempotency_key="return:2")
    assert order_refundable(order=order) == eur("3.00")


@pytest.mark.promise("P-18")
def test_a_key_used_for_a_capture_cannot_be_reused_for_a_refund():
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("50.00"), idempotency_key="k-1")

    # when
    with pytest.raises(IdempotencyKeyReused) as refused:
        payment_refund(payment=payment, amount=eur("10.00"), idempotency_key="k-1")

    # then
    assert "already used for a different payment operation" in str(refused.value)
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("0.00")
