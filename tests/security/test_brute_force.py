"""Brute force and card testing against the public doors: each gets a clear 429 past its limit, and nothing
reveals whether an account exists."""

import json

import pytest

from shopkeep.api.tests.test_checkout import checkout_body
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.customers.tests.factories import customer_create
from shopkeep.orders.models import Order
from shopkeep.sandbox_gateway.tests.factories import DECLINED, card_token_create

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def _cart(n=[0]):
    n[0] += 1
    product = product_create(name=f"Socks {n[0]}")
    return cart_with_lines((variant_create(product=product, sku=f"{product.slug}-m", size="M", price="12.50",
                                           stock=50), 1))


def _checkout(client, cart, *, number, email="tester@example.com"):
    body = checkout_body(payment_token=card_token_create(number=number).token, email=email)
    return client.post(f"/api/v1/carts/{cart.token}/checkout", data=json.dumps(body), content_type="application/json")


def test_card_testing_through_the_api_is_stopped_per_cart_and_per_email(client):
    # given: five declined cards, each a fresh token, on one cart
    cart = _cart()
    assert [_checkout(client, cart, number=DECLINED).status_code for _ in range(5)] == [402] * 5
    # then: the cart is refused for a while, even with a good card, and says when to come back
    blocked = _checkout(client, cart, number="4242424242424242")
    assert blocked.status_code == 429
    assert "too many declined payments" in blocked.json()["detail"]
    assert int(blocked["Retry-After"]) > 0
    # and the same email on a fresh cart too
    assert _checkout(client, _cart(), number="4242424242424242", email="TESTER@example.com").status_code == 429
    # while another shopper is not affected
    assert _checkout(client, _cart(), number="4242424242424242", email="someone@example.com").status_code == 201
    assert Order.objects.count() == 1


def test_card_testing_then_a_good_card_places_an_order_held_for_review(client):
    for _ in range(3):
        assert _checkout(client, _cart(), number=DECLINED, email="grace@example.com").status_code == 402
    placed = _checkout(client, _cart(), number="4242424242424242", email="grace@example.com")
    assert placed.status_code == 201
    order = Order.objects.get(number=placed.json()["number"])
    assert order.status == Order.Status.ON_HOLD
    assert any("card testing" in reason for reason in order.hold_reasons)


def test_the_sandbox_token_endpoint_is_rate_limited(client):
    card = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031, "cvc": "123"}
    answers = [client.post("/sandbox-gateway/tokens", data=json.dumps(card), content_type="application/json")
               for _ in range(31)]
    assert [a.status_code for a in answers[:30]] == [201] * 30
    assert answers[30].status_code == 429
    assert "Too many attempts" in answers[30].json()["detail"]


@pytest.mark.parametrize(("url", "data", "limit"), [
    ("/account/register/", {"email": "x@example.com", "password": "short"}, 10),
    ("/account/password-reset/", {"email": "nobody@example.com"}, 5),
    ("/newsletter/", {"email": "not an email"}, 10),
])
def test_forms_refuse_a_flood_from_one_address_with_a_clear_page(client, url, data, limit):
    answers = [client.post(url, data, **SAME_ORIGIN).status_code for _ in range(limit + 1)]
    assert 429 not in answers[:limit]
    assert answers[limit] == 429
    page = client.post(url, data, **SAME_ORIGIN)
    assert page.status_code == 429 and "Too many attempts" in page.content.decode()
    assert "Retry-After" in page
    # another address is not affected
    assert client.post(url, data, REMOTE_ADDR="198.51.100.8", **SAME_ORIGIN).status_code != 429


def test_reset_emails_to_one_address_are_capped_without_saying_so(client, mailoutbox):
    customer_create(email="ada@example.com")
    answers = [client.post("/account/password-reset/", {"email": "ada@example.com"}, REMOTE_ADDR=f"198.51.100.{i}",
                           **SAME_ORIGIN) for i in range(5)]
    # every answer is the same "sent" page, but only three emails went out
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/account/password-reset/sent/")}
    assert len(mailoutbox) == 3
