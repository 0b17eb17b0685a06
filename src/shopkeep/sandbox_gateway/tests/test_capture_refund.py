"""The sandbox gateway's own capture, void and refund: amounts tracked, one operation per idempotency key."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shopkeep.sandbox_gateway.models import SandboxCharge, SandboxOperation
from shopkeep.sandbox_gateway.services import (
    ChargeError,
    SandboxTimeout,
    charge_authorise,
    charge_capture,
    charge_refund,
    charge_void,
    faults,
)
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db


def _charge(amount: str = "50.00") -> SandboxCharge:
    return charge_authorise(token=card_token_create().token, amount=Decimal(amount), currency="EUR",
                            idempotency_key="a-1")


def test_captures_add_up_and_the_same_key_is_one_capture():
    # given
    charge = _charge()

    # when
    first = charge_capture(reference=charge.reference, amount=Decimal("20.00"), idempotency_key="c-1")
    again = charge_capture(reference=charge.reference, amount=Decimal("20.00"), idempotency_key="c-1")
    charge_capture(reference=charge.reference, amount=Decimal("30.00"), idempotency_key="c-2")

    # then
    charge.refresh_from_db()
    assert again == first
    assert (charge.status, charge.captured_amount) == ("captured", Decimal("50.00"))
    assert SandboxOperation.objects.filter(kind="capture").count() == 2


def test_a_capture_above_the_authorisation_is_refused():
    # given
    charge = _charge()

    # when
    with pytest.raises(ChargeError) as refused:
        charge_capture(reference=charge.reference, amount=Decimal("50.01"), idempotency_key="c-1")

    # then
    assert refused.value.code == "amount_too_large"
    charge.refresh_from_db()
    assert (charge.status, charge.captured_amount) == ("authorised", Decimal("0.00"))


def test_refunds_are_limited_to_the_captured_amount():
    # given
    charge = _charge()
    charge_capture(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="c-1")

    # when
    charge_refund(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="r-1")
    with pytest.raises(ChargeError):
        charge_refund(reference=charge.reference, amount=Decimal("0.01"), idempotency_key="r-2")

    # then
    charge.refresh_from_db()
    assert charge.refunded_amount == Decimal("10.00")


def test_a_key_used_for_a_capture_cannot_refund():
    # given
    charge = _charge()
    charge_capture(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="k-1")

    # when
    with pytest.raises(ChargeError) as refused:
        charge_refund(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="k-1")

    # then
    assert refused.value.code == "idempotency_key_reused"
    charge.refresh_from_db()
    assert charge.refunded_amount == Decimal("0.00")


def test_a_void_twice_is_harmless_and_keeps_one_operation():
    # given
    charge = _charge()

    # when
    charge_void(reference=charge.reference, idempotency_key="v-1")
    charge_void(reference=charge.reference, idempotency_key="v-1")

    # then
    charge.refresh_from_db()
    assert charge.status == "voided"
    assert SandboxOperation.objects.filter(kind="void").count() == 1


def test_an_injected_timeout_before_the_capture_does_nothing_and_after_it_keeps_the_capture():
    # given
    charge = _charge()

    # when
    with faults(capture="timeout"), pytest.raises(SandboxTimeout):
        charge_capture(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="c-1")
    charge.refresh_from_db()
    before = charge.captured_amount
    with faults(capture="timeout_after"), pytest.raises(SandboxTimeout):
        charge_capture(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="c-1")

    # then
    charge.refresh_from_db()
    assert (before, charge.captured_amount) == (Decimal("0.00"), Decimal("10.00"))


def test_an_authorisation_older_than_the_expiry_setting_cannot_be_captured(settings):
    # given
    settings.SHOPKEEP_PAYMENT_AUTHORISATION_DAYS = 7
    charge = _charge()
    SandboxCharge.objects.filter(pk=charge.pk).update(created_at=timezone.now() - timedelta(days=7, minutes=1))

    # when
    with pytest.raises(ChargeError) as refused:
        charge_capture(reference=charge.reference, amount=Decimal("10.00"), idempotency_key="c-1")

    # then
    assert refused.value.code == "authorisation_expired"
    charge.refresh_from_db()
    assert charge.captured_amount == Decimal("0.00")
