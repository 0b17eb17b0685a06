"""Gateway timeouts and refusals leave the shop's records consistent: nothing is recorded as moved
unless the gateway said so, and a retry with the same key completes the operation exactly once."""

from decimal import Decimal

import pytest

from shopkeep.payments.errors import GatewayRefused, GatewayUnavailable
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_authorise, payment_capture, payment_refund, payment_void
from shopkeep.payments.tests.factories import eur, payment_authorised
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.services import faults
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fault", ["timeout", "timeout_after"])
@pytest.mark.promise("P-18")
def test_a_capture_timeout_records_nothing_captured_and_the_retry_captures_once(fault):
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with faults(capture=fault), pytest.raises(GatewayUnavailable) as timed_out:
        payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")
    payment.refresh_from_db()
    captured_after_timeout = payment.captured_amount
    payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")

    # then
    assert "did not answer the capture in time" in str(timed_out.value)
    assert captured_after_timeout == Decimal("0.00")
    payment.refresh_from_db()
    assert payment.captured_amount == Decimal("40.00")
    assert SandboxCharge.objects.get().captured_amount == Decimal("40.00")
    assert list(payment.events.filter(kind="capture").values_list("result", flat=True)) == ["failed", "ok"]


@pytest.mark.promise("P-18")
def test_a_declined_capture_is_recorded_as_failed_and_nothing_is_captured():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with faults(capture="decline"), pytest.raises(GatewayRefused) as refused:
        payment_capture(payment=payment, amount=eur("40.00"), idempotency_key="cap-1")

    # then
    assert str(refused.value).startswith("The payment gateway refused the capture: The capture was declined")
    payment.refresh_from_db()
    assert (payment.status, payment.captured_amount) == (Payment.Status.AUTHORISED, Decimal("0.00"))
    assert SandboxCharge.objects.get().captured_amount == Decimal("0.00")
    event = payment.events.get(kind="capture")
    assert (event.result, event.gateway_reference) == ("failed", "")


@pytest.mark.parametrize("fault", ["timeout", "decline"])
@pytest.mark.promise("P-18")
def test_a_failed_refund_records_nothing_refunded(fault):
    # given
    payment = payment_authorised(amount="100.00")
    payment_capture(payment=payment, amount=eur("100.00"), idempotency_key="cap-1")

    # when
    with faults(refund=fault), pytest.raises((GatewayUnavailable, GatewayRefused)):
        payment_refund(payment=payment, amount=eur("10.00"), idempotency_key="ref-1")

    # then
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("0.00")
    assert SandboxCharge.objects.get().refunded_amount == Decimal("0.00")


@pytest.mark.promise("P-18")
def test_a_void_timeout_keeps_the_payment_authorised_until_a_retry():
    # given
    payment = payment_authorised(amount="100.00")

    # when
    with faults(void="timeout"), pytest.raises(GatewayUnavailable):
        payment_void(payment=payment)
    payment.refresh_from_db()
    status_after_timeout = payment.status
    payment_void(payment=payment)

    # then
    payment.refresh_from_db()
    assert (status_after_timeout, payment.status) == (Payment.Status.AUTHORISED, Payment.Status.VOIDED)
    assert SandboxCharge.objects.get().status == "voided"


@pytest.mark.promise("P-18")
def test_an_authorisation_timeout_leaves_the_intent_pending_and_the_retry_authorises_once():
    # given
    token = card_token_create().token

    # when
    with faults(authorise="timeout_after"), pytest.raises(GatewayUnavailable):
        payment_authorise(token=token, amount=eur("10.00"), idempotency_key="auth-1")
    after_timeout = list(Payment.objects.values_list("status", flat=True))
    payment = payment_authorise(token=token, amount=eur("10.00"), idempotency_key="auth-1")

    # then: the intent was committed before the call (reconciliation could find it), and completed by the retry
    assert after_timeout == [Payment.Status.PENDING]
    assert Payment.objects.count() == 1
    assert payment.status == Payment.Status.AUTHORISED
    assert SandboxCharge.objects.count() == 1
