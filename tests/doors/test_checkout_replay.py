"""One replay rule for every door: a cart that already became an order gives back that order and
authorises nothing new, whatever card token is sent (pages, API and phone orders alike).

These tests drive each door from outside, so they live with the other cross-cutting tests."""

import json
import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.factories import address_data
from shopkeep.checkout.tests.flow import Shopper
from shopkeep.orders.models import Order
from shopkeep.backoffice.phone_orders import phone_order_start, phone_order_token
from shopkeep.orders.services import order_confirmation_path
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import card_token_create
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", price="12.50", stock=5)


def through_the_pages(client, socks):
    """Place the order on the checkout pages; the replay is the place form sent again."""
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 2)))
    shopper.ready_to_place()

    def attempt():
        response = shopper.place()
        assert response.status_code == 303, response
        order = Order.objects.get(cart=shopper.cart)
        return order.number, response["Location"] == order_confirmation_path(order)

    return attempt


def through_the_api(client, socks):
    """Place the order through the JSON API, each attempt with a new card token."""
    cart = cart_with_lines((socks, 2))

    def attempt():
        body = {"email": "ada@example.com", "shipping_address": address_data(), "shipping_method": "gb-standard",
                "payment_token": card_token_create().token}
        response = client.post(f"/api/v1/carts/{cart.token}/checkout", data=json.dumps(body),
                               content_type="application/json")
        assert response.status_code in (200, 201), response.json()
        return response.json()["number"], response.json()["replayed"] == (response.status_code == 200)

    return attempt


def through_a_phone_order(client, socks):
    """A billing clerk's phone order; each attempt comes back from the gateway with a new card token."""
    clerk, _ = staff_create(email="billing@shop.example", role=Role.BILLING, password="a long staff password 1")
    staff_login(client, clerk)
    cart = phone_order_start(email="ada@example.com", lines=[(socks.sku, 2)], shipping_address=address_data(),
                             shipping_method="gb-standard")
    url = reverse("backoffice:terminal_return", args=[phone_order_token(cart=cart)])

    def attempt():
        response = client.get(url, {"payment_token": card_token_create().token})
        assert response.status_code == 302
        order = Order.objects.get(cart=cart)
        return order.number, order.events.filter(by=clerk).count() == 1

    return attempt


@pytest.mark.parametrize("door", [through_the_pages, through_the_api, through_a_phone_order])
def test_a_repeated_checkout_returns_the_first_order_and_authorises_nothing_new_through_every_door(
    client, socks, door
):
    # given
    attempt = door(client, socks)
    first, first_ok = attempt()
    payments = list(Payment.objects.values_list("pk", "status", "amount"))

    # when
    again, again_ok = attempt()

    # then
    assert (first_ok, again_ok) == (True, True)
    assert again == first
    assert Order.objects.count() == 1
    assert list(Payment.objects.values_list("pk", "status", "amount")) == payments
    assert len(payments) == 1
    assert SandboxCharge.objects.count() == 1
    assert Variant.objects.get(pk=socks.pk).stock == 3
