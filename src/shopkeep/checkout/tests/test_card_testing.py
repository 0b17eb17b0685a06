"""Card testing: declines count per cart and per email address, whatever card token is sent; past the limit
the cart and the address are refused for a while, and an order after several declines is held."""

import itertools

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import address_data, checkout_details
from shopkeep.orders.models import Order
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.errors import PaymentDeclined
from shopkeep.sandbox_gateway.tests.factories import DECLINED, card_token_create
from shopkeep.throttle import Throttled

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


def _cart():
    product = product_create(name=f"Socks {next(_numbers)}")
    return cart_with_lines((variant_create(product=product, sku=f"{product.slug}-m", size="M", price="12.50",
                                           stock=50), 1))


def _attempt(cart, *, email="tester@example.com", card=DECLINED):
    return checkout_complete(cart=cart, details=checkout_details(email=email, shipping_address=address_data()),
                             payment_token=card_token_create(number=card).token)


def test_declines_with_fresh_tokens_block_the_cart_then_the_email_on_another_cart():
    # given: one cart, five declined cards (a fresh token each time)
    cart = _cart()
    for _ in range(5):
        with pytest.raises(PaymentDeclined):
            _attempt(cart)

    # when: a sixth attempt on the same cart, even with a good card
    with pytest.raises(Throttled) as refused:
        _attempt(cart, card="4242424242424242", email="someone-else@example.com")
    # then: refused with a sentence saying when to come back
    assert "too many declined payments" in refused.value.message
    assert "60 minutes" in refused.value.message

    # and the same email address is refused on a fresh cart too
    with pytest.raises(Throttled):
        _attempt(_cart(), card="4242424242424242", email="Tester@Example.com")
    assert Order.objects.count() == 0


def test_an_order_after_several_declines_for_the_email_is_held_for_review():
    # given: three declined attempts for the address, each with its own card
    for _ in range(3):
        with pytest.raises(PaymentDeclined):
            _attempt(_cart(), email="ada@example.com")

    # when: a good card then succeeds
    order = order_place(email="ada@example.com")

    # then: the order is held, with the reason for customer service
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert "3 declined payment attempts for this cart or email address before the order (card testing?)." in order.hold_reasons


