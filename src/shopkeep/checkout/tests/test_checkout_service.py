from decimal import Decimal

import pytest

from shopkeep.cart.errors import EmptyCart
from shopkeep.cart.models import Cart, CartLine
from shopkeep.catalog.errors import OutOfStock
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.checkout import services as checkout_services
from shopkeep.checkout.errors import CheckoutError
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import address_data, checkout_details
from shopkeep.customers.models import Address
from shopkeep.orders.models import Order, OrderLine
from shopkeep.payments.errors import InvalidPaymentToken, PaymentDeclined
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import (
    ADDRESS_FAILS,
    CVC_FAILS,
    DECLINED,
    INSUFFICIENT_FUNDS,
    card_token_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=5)


@pytest.fixture
def cart(socks):
    return cart_with_lines((socks, 2))


def nothing_was_written(*, cart: Cart, variant: Variant, stock: int, lines: int = 1) -> bool:
    """True when the refused checkout left no order and no address, and the cart and stock as they were."""
    cart.refresh_from_db()
    return (
        Order.objects.count() == 0
        and OrderLine.objects.count() == 0
        and Address.objects.count() == 0
        and cart.ordered_at is None
        and CartLine.objects.filter(cart=cart).count() == lines
        and Variant.objects.get(pk=variant.pk).stock == stock
    )


def test_checkout_places_the_order_reserves_stock_and_authorises_the_total(cart, socks,
                                                                         django_capture_on_commit_callbacks):
    # given
    token = card_token_create()

    # when
    with django_capture_on_commit_callbacks() as callbacks:
        result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token.token)
        order, created = result.order, not result.replayed

    # then
    assert created is True
    order.refresh_from_db()
    assert order.number.startswith("SK-")
    assert (order.email, order.status, order.currency) == ("ada@example.com", Order.Status.READY_TO_DISPATCH, "EUR")
    assert (order.subtotal, order.shipping_total, order.total) == (Decimal("25.00"), Decimal("3.95"), Decimal("28.95"))
    assert (order.shipping_method, order.shipping_method_name) == ("gb-standard", "Standard (Royal Mail)")
    assert list(order.lines.values_list("sku", "product_name", "size", "unit_price", "quantity", "line_total")) == [
        ("SOCKS-M", "Stripy Socks", "M", Decimal("12.50"), 2, Decimal("25.00"))
    ]
    assert Variant.objects.get(pk=socks.pk).stock == 3
    payment = Payment.objects.get()
    assert (payment.order_id, payment.status, payment.amount, payment.currency) == (
        order.pk, Payment.Status.AUTHORISED, Decimal("28.95"), "EUR")
    assert (payment.card_brand, payment.card_last4, payment.cvc_check, payment.address_check) == (
        "visa", "4242", "pass", "pass")
    charge = SandboxCharge.objects.get()
    assert (charge.status, charge.amount, charge.reference) == ("authorised", Decimal("28.95"), payment.reference)
    cart.refresh_from_db()
    assert cart.ordered_at is not None
    # after the commit: the catalogue-changed hook (stock reserved), the page-cache version bump it causes, and
    # the conversion count; the confirmation email is already in the outbox, written with the order
    assert len(callbacks) == 3


def test_replayed_checkout_returns_the_same_order_and_never_authorises_twice(cart, socks):
    # given
    token = card_token_create()
    first = checkout_complete(cart=cart, details=checkout_details(), payment_token=token.token).order

    # when
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token.token)
    second, created = result.order, not result.replayed

    # then
    assert created is False
    assert second.pk == first.pk
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert SandboxCharge.objects.count() == 1
    assert Variant.objects.get(pk=socks.pk).stock == 3


def test_replayed_checkout_with_another_card_still_returns_the_first_order(cart, socks):
    # given
    first = checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token).order

    # when
    result = checkout_complete(cart=cart, details=checkout_details(),
                               payment_token=card_token_create().token)
    second, created = result.order, not result.replayed

    # then
    assert (second.pk, created) == (first.pk, False)
    assert Payment.objects.count() == 1
    assert SandboxCharge.objects.count() == 1


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        (DECLINED, "card_declined", "Your card was declined. Please use another card or contact your bank."),
        (INSUFFICIENT_FUNDS, "insufficient_funds",
         "Your card was declined for insufficient funds. Please use another card."),
    ],
)
def test_declined_card_keeps_the_cart_and_creates_no_order(cart, socks, number, code, message):
    # given
    token = card_token_create(number=number)

    # when
    with pytest.raises(PaymentDeclined) as error:
        checkout_complete(cart=cart, details=checkout_details(), payment_token=token.token)

    # then
    assert str(error.value) == message
    assert error.value.code == code
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    payment = Payment.objects.get()
    assert (payment.status, payment.decline_code, payment.order_id) == (Payment.Status.DECLINED, code, None)


def test_after_a_decline_the_same_cart_can_be_paid_with_another_card(cart, socks):
    # given
    with pytest.raises(PaymentDeclined):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create(number=DECLINED).token)

    # when
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)
    order, created = result.order, not result.replayed

    # then
    assert created is True
    assert list(order.payments.values_list("status", flat=True)) == [Payment.Status.AUTHORISED]
    assert Variant.objects.get(pk=socks.pk).stock == 3


def test_unknown_payment_token_is_refused_and_nothing_is_written(cart, socks):
    # when
    with pytest.raises(InvalidPaymentToken) as error:
        checkout_complete(cart=cart, details=checkout_details(), payment_token="tok_forged")

    # then
    assert str(error.value) == "The payment details have expired or are not valid. Please enter your card again."
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0
    assert SandboxCharge.objects.count() == 0


def test_out_of_stock_before_payment_authorises_nothing(socks):
    # given
    cart = cart_with_lines((socks, 6))

    # when
    with pytest.raises(OutOfStock) as error:
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)

    # then
    assert str(error.value) == "Sorry, only 5 of Stripy Socks M left in stock; you asked for 6."
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0
    assert SandboxCharge.objects.count() == 0


def test_stock_sold_out_while_paying_voids_the_authorisation_and_writes_nothing(cart, socks, monkeypatch):
    # given: another customer buys the last units while this card is being authorised
    real_authorise = checkout_services.payment_authorise

    def authorise_while_someone_else_buys(**kwargs):
        payment = real_authorise(**kwargs)
        Variant.objects.filter(pk=socks.pk).update(stock=1)
        return payment

    monkeypatch.setattr(checkout_services, "payment_authorise", authorise_while_someone_else_buys)

    # when
    with pytest.raises(OutOfStock) as error:
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)

    # then
    assert str(error.value) == "Sorry, only 1 of Stripy Socks M left in stock; you asked for 2."
    assert nothing_was_written(cart=cart, variant=socks, stock=1)
    assert list(Payment.objects.values_list("status", "order_id")) == [(Payment.Status.VOIDED, None)]
    assert list(SandboxCharge.objects.values_list("status", flat=True)) == ["voided"]


def test_retry_after_a_voided_authorisation_authorises_afresh_with_the_same_card(cart, socks, monkeypatch):
    # given: the first attempt lost the last units while paying, then stock was replenished
    token = card_token_create().token
    real_authorise = checkout_services.payment_authorise

    def authorise_while_someone_else_buys(**kwargs):
        payment = real_authorise(**kwargs)
        Variant.objects.filter(pk=socks.pk).update(stock=0)
        return payment

    monkeypatch.setattr(checkout_services, "payment_authorise", authorise_while_someone_else_buys)
    with pytest.raises(OutOfStock):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    monkeypatch.setattr(checkout_services, "payment_authorise", real_authorise)
    Variant.objects.filter(pk=socks.pk).update(stock=5)

    # when
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    order, created = result.order, not result.replayed

    # then
    assert created is True
    assert list(Payment.objects.values_list("status", "order_id")) == [
        (Payment.Status.VOIDED, None), (Payment.Status.AUTHORISED, order.pk)]
    assert list(SandboxCharge.objects.order_by("id").values_list("status", flat=True)) == ["voided", "authorised"]
    assert Variant.objects.get(pk=socks.pk).stock == 3


def test_empty_cart_cannot_be_checked_out():
    # given
    cart = cart_with_lines()

    # when
    with pytest.raises(EmptyCart, match="Your cart is empty."):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)

    # then
    assert Order.objects.count() == 0
    assert Payment.objects.count() == 0


def test_shipping_to_a_country_the_shop_does_not_deliver_to_is_refused(cart, socks):
    # given
    details = checkout_details(shipping_address=address_data(country="JP"))

    # when
    with pytest.raises(CheckoutError) as error:
        checkout_complete(cart=cart, details=details, payment_token=card_token_create().token)

    # then
    assert error.value.message == "Please correct the highlighted fields."
    assert error.value.fields == {"shipping_country": "Sorry, we don't deliver to that country yet."}
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0


def test_a_shipping_method_that_does_not_deliver_to_the_country_is_refused(cart, socks):
    # given
    details = checkout_details(shipping_address=address_data(country="US", city="New York", region="NY",
                                                              postal_code="10001"), shipping_method="gb-standard")

    # when
    with pytest.raises(CheckoutError) as error:
        checkout_complete(cart=cart, details=details, payment_token=card_token_create().token)

    # then
    assert error.value.fields == {"shipping_method": "Choose a shipping method that delivers to your country."}
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Email address is required."),
        ("ada", "Enter a valid email address."),
        ("ada@", "Enter a valid email address."),
        ("ada@example.com\nBcc: eve@example.com", "Enter a valid email address."),
        ("a" * 250 + "@example.com", "Use at most 254 characters."),
    ],
)
def test_an_invalid_email_address_is_refused(cart, socks, email, message):
    # when
    with pytest.raises(CheckoutError) as error:
        checkout_complete(cart=cart, details=checkout_details(email=email), payment_token=card_token_create().token)

    # then
    assert error.value.fields == {"email": message}
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0


def test_every_problem_is_reported_at_once(cart, socks):
    # given
    details = checkout_details(email="nope", shipping_address=address_data(name="", postal_code=""))

    # when
    with pytest.raises(CheckoutError) as error:
        checkout_complete(cart=cart, details=details, payment_token=card_token_create().token)

    # then
    assert error.value.fields == {
        "email": "Enter a valid email address.",
        "shipping_name": "Full name is required.",
        "shipping_postal_code": "Postal code is required.",
    }
    assert nothing_was_written(cart=cart, variant=socks, stock=5)


def test_the_email_address_is_stored_without_surrounding_spaces(cart):
    # when
    order = checkout_complete(cart=cart, details=checkout_details(email="  ada@example.com "),
                              payment_token=card_token_create().token).order

    # then
    order.refresh_from_db()
    assert order.email == "ada@example.com"


def test_billing_address_defaults_to_the_shipping_address(cart):
    # when
    order = checkout_complete(cart=cart, details=checkout_details(billing_address=None),
                              payment_token=card_token_create().token).order

    # then
    order.refresh_from_db()
    assert order.billing_address_id == order.shipping_address_id
    assert order.shipping_address.as_dict() == address_data()
    assert Address.objects.count() == 1


def test_a_different_billing_address_is_kept_separately(cart):
    # given
    billing = address_data(name="Charles Babbage", line1="1 Dorset Street", postal_code="W1U 4EG")

    # when
    order = checkout_complete(cart=cart, details=checkout_details(billing_address=billing),
                              payment_token=card_token_create().token).order

    # then
    order.refresh_from_db()
    assert order.billing_address.as_dict() == billing
    assert order.shipping_address.as_dict() == address_data()
    assert Address.objects.count() == 2


def test_an_unknown_address_field_is_refused(cart, socks):
    # given
    details = checkout_details(shipping_address=address_data(passport_number="X1234567"))

    # when
    with pytest.raises(CheckoutError) as error:
        checkout_complete(cart=cart, details=details, payment_token=card_token_create().token)

    # then
    assert error.value.fields == {"shipping_address": "Unknown address field(s): passport_number."}
    assert nothing_was_written(cart=cart, variant=socks, stock=5)
    assert Payment.objects.count() == 0


@pytest.mark.parametrize(
    ("number", "cvc_check", "address_check"),
    [(CVC_FAILS, "fail", "pass"), (ADDRESS_FAILS, "pass", "fail")],
)
def test_failed_card_checks_are_recorded_on_the_payment(cart, number, cvc_check, address_check):
    # when
    result = checkout_complete(cart=cart, details=checkout_details(),
                               payment_token=card_token_create(number=number).token)
    order, created = result.order, not result.replayed

    # then
    assert created is True
    payment = Payment.objects.get()
    assert (payment.order_id, payment.status) == (order.pk, Payment.Status.AUTHORISED)
    assert (payment.cvc_check, payment.address_check) == (cvc_check, address_check)
    assert payment.card_last4 == number[-4:]
