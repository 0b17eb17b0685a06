"""P-13: after authorising, capturing, refunding, voiding, renewing and reconciling with every sandbox test
card, no card number (Luhn-valid run of 13-19 digits) and no CVC is in the database or the logs."""

import logging
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shopkeep.money import Money
from shopkeep.payments.errors import PaymentDeclined
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.services import (
    authorisations_reconcile,
    payment_authorise,
    payment_capture,
    payment_reauthorise,
    payment_refund,
    payment_void,
)
from shopkeep.sandbox_gateway.services import CardInput, faults, token_create
from tests.promises.test_no_card_numbers import (
    TEST_CARDS,
    card_numbers_in,
    cvcs_in,
    database_as_orm_text,
    database_as_sql_text,
)

pytestmark = pytest.mark.django_db


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


@pytest.mark.promise("P-13")
def test_no_card_number_or_cvc_is_stored_after_every_payment_operation_with_every_test_card(caplog):
    # given
    caplog.set_level(logging.DEBUG)
    declined = 0
    approved_tokens = []

    # when
    for index, (number, cvc) in enumerate(TEST_CARDS.items()):
        token = token_create(CardInput(number=number, exp_month=12, exp_year=date.today().year + 3, cvc=cvc))
        try:
            payment = payment_authorise(token=token.token, amount=eur("50.00"), idempotency_key=f"a-{index}")
        except PaymentDeclined:
            declined += 1
            continue
        approved_tokens.append(token.token)
        payment_capture(payment=payment, amount=eur("20.00"), idempotency_key=f"c-{index}")
        with faults(capture="timeout"), pytest.raises(Exception):
            payment_capture(payment=payment, amount=eur("5.00"), idempotency_key=f"c2-{index}")
        payment_refund(payment=payment, amount=eur("7.50"), idempotency_key=f"r-{index}")
        fresh = payment_reauthorise(payment=payment)
        payment_void(payment=fresh)
    orphan = payment_authorise(token=approved_tokens[0], amount=eur("9.99"), idempotency_key="orphan")
    authorisations_reconcile(older_than=timedelta(0), now=timezone.now() + timedelta(seconds=1))

    # then
    assert declined == 2
    assert PaymentEvent.objects.filter(result="ok").count() == 3 * 6 + 2
    orphan.refresh_from_db()
    assert orphan.status == Payment.Status.VOIDED
    stored = database_as_sql_text() + "\n" + database_as_orm_text()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert card_numbers_in(stored) == []
    assert cvcs_in(stored, TEST_CARDS.values()) == []
    assert card_numbers_in(logged) == []
    assert cvcs_in(logged, TEST_CARDS.values()) == []
    assert set(Payment.objects.values_list("card_last4", flat=True)) == {number[-4:] for number in TEST_CARDS}
