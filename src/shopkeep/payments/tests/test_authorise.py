"""Authorising and voiding at the gateway, as the shop records it: token, brand, last 4, expiry and checks only."""

from decimal import Decimal

import pytest
from django.core import signing

from shopkeep.money import Money
from shopkeep.payments.errors import InvalidPaymentToken, PaymentDeclined
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.sandbox_gateway.services import SESSION_SALT
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_authorise, payment_void
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import (
    ADDRESS_FAILS,
    CVC_FAILS,
    DECLINED,
    INSUFFICIENT_FUNDS,
    SUCCEEDS,
    TEST_CARDS,
    card_token_create,
)

pytestmark = pytest.mark.django_db

EUR_10 = Money(Decimal("10.00"), "EUR")


@pytest.mark.parametrize(("number", "cvc_check", "address_check"), [
    (SUCCEEDS, "pass", "pass"), (CVC_FAILS, "fail", "pass"), (ADDRESS_FAILS, "pass", "fail"),
])
def test_an_authorised_card_is_recorded_with_its_checks(number, cvc_check, address_check):
    # given
    token = card_token_create(number=number)

    # when
    payment = payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")

    # then
    payment.refresh_from_db()
    assert (payment.status, payment.amount, payment.currency, payment.gateway) == (
        Payment.Status.AUTHORISED, Decimal("10.00"), "EUR", "sandbox")
    assert (payment.card_brand, payment.card_last4, payment.card_exp_month, payment.card_exp_year) == (
        "visa", number[-4:], 12, token.exp_year)
    assert (payment.cvc_check, payment.address_check) == (cvc_check, address_check)
    assert payment.card_display == f"Visa ending {number[-4:]}"
    assert SandboxCharge.objects.get().reference == payment.reference


@pytest.mark.parametrize(("number", "code"), [(DECLINED, "card_declined"), (INSUFFICIENT_FUNDS, "insufficient_funds")])
def test_a_declined_card_raises_and_is_recorded_as_declined(number, code):
    # given
    token = card_token_create(number=number)

    # when
    with pytest.raises(PaymentDeclined) as declined:
        payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")

    # then
    assert declined.value.code == code
    payment = Payment.objects.get()
    assert (payment.status, payment.decline_code, payment.order) == (Payment.Status.DECLINED, code, None)


def test_the_same_idempotency_key_authorises_once():
    # given
    token = card_token_create()

    # when
    first = payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")
    second = payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")

    # then
    assert first.pk == second.pk
    assert (Payment.objects.count(), SandboxCharge.objects.count()) == (1, 1)


def test_a_declined_key_stays_declined_without_asking_the_gateway_again():
    # given
    token = card_token_create(number=DECLINED)
    with pytest.raises(PaymentDeclined):
        payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")

    # when
    with pytest.raises(PaymentDeclined):
        payment_authorise(token=token.token, amount=EUR_10, idempotency_key="k1")

    # then
    assert (Payment.objects.count(), SandboxCharge.objects.count()) == (1, 1)


@pytest.mark.parametrize("token", ["", "tok_unknown"])
def test_an_unknown_token_is_refused_and_nothing_is_recorded(token):
    # when
    with pytest.raises(InvalidPaymentToken):
        payment_authorise(token=token, amount=EUR_10, idempotency_key="k1")

    # then
    assert not Payment.objects.exists() and not SandboxCharge.objects.exists()


def test_voiding_releases_the_authorisation_at_the_gateway_and_twice_is_harmless():
    # given
    payment = payment_authorise(token=card_token_create().token, amount=EUR_10, idempotency_key="k1")

    # when
    payment_void(payment=payment)
    payment_void(payment=payment)

    # then
    assert Payment.objects.get().status == Payment.Status.VOIDED
    assert SandboxCharge.objects.get().status == SandboxCharge.Status.VOIDED


def test_a_declined_payment_is_not_voided():
    # given
    with pytest.raises(PaymentDeclined):
        payment_authorise(token=card_token_create(number=DECLINED).token, amount=EUR_10, idempotency_key="k1")
    payment = Payment.objects.get()

    # when
    payment_void(payment=payment)

    # then
    assert Payment.objects.get().status == Payment.Status.DECLINED


def test_the_hosted_page_session_is_signed_and_names_amount_return_and_cancel(settings):
    # given
    settings.SHOPKEEP_SHOP_NAME = "Sock Shop"

    # when
    url = gateway_get().hosted_page_url(amount=EUR_10, return_url="/r/?cart=x", cancel_url="/c/")

    # then
    assert url.startswith("/sandbox-gateway/pay/")
    session = url.rstrip("/").rsplit("/", 1)[1]
    assert signing.loads(session, salt=SESSION_SALT) == {
        "amount": "10.00", "currency": "EUR", "return": "/r/?cart=x", "cancel": "/c/", "merchant": "Sock Shop"}
    with pytest.raises(signing.BadSignature):
        signing.loads(session, salt="another.salt")


@pytest.mark.promise("P-13")
def test_payments_keep_no_card_number_for_any_test_card():
    # given
    for index, number in enumerate(TEST_CARDS):
        try:
            payment_authorise(token=card_token_create(number=number).token, amount=EUR_10, idempotency_key=f"k{index}")
        except PaymentDeclined:
            pass

    # when
    rows = list(Payment.objects.values())

    # then
    assert len(rows) == len(TEST_CARDS)
    assert not any(number in str(value) for row in rows for value in row.values() for number in TEST_CARDS)


def test_an_unknown_gateway_is_a_clear_error():
    # when / then
    with pytest.raises(LookupError, match="No payment gateway called 'acme'; choose one of sandbox."):
        gateway_get("acme")
