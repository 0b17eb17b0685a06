"""A whole purchase through the API alone, the way an app would make it."""

import json
from datetime import date

import pytest

from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge

pytestmark = pytest.mark.django_db


def post(client, path: str, body: dict):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.mark.promise("P-13")
def test_a_guest_buys_socks_through_the_api_with_a_card_tokenised_at_the_gateway(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    settings.SHOPKEEP_BASE_URL = "https://shop.example"
    product_with_sizes(name="Stripy Wool Socks", slug="stripy-wool-socks", category=category_create(slug="socks"),
                       sizes={"39-42": 4, "43-46": 4}, price="12.50")

    # when: find the socks, start a cart, add a size, change the quantity, pick shipping, pay
    found = client.get("/api/v1/products", {"q": "stripy wool"}).json()["results"][0]
    sku = found["variants"][1]["sku"]
    token = client.post("/api/v1/carts").json()["token"]
    line_id = post(client, f"/api/v1/carts/{token}/lines", {"sku": sku, "quantity": 1}).json()["lines"][0]["id"]
    cart = client.patch(f"/api/v1/carts/{token}/lines/{line_id}", data=json.dumps({"quantity": 2}),
                        content_type="application/json").json()
    method = client.get("/api/v1/shipping-methods", {"country": "SE"}).json()[0]
    card = post(client, "/sandbox-gateway/tokens", {"number": "4242 4242 4242 4242", "exp_month": 12,
                                                    "exp_year": date.today().year + 3, "cvc": "737",
                                                    "postal_code": "111 52"})
    with django_capture_on_commit_callbacks(execute=True):
        placed = post(client, f"/api/v1/carts/{token}/checkout", {
            "email": "greta@example.com",
            "shipping_address": {"name": "Greta Garbo", "line1": "Drottninggatan 1", "city": "Stockholm",
                                 "postal_code": "111 52", "country": "SE"},
            "shipping_method": method["code"],
            "payment_token": card.json()["token"],
            "newsletter": False,
        })

    # then
    assert (card.status_code, placed.status_code) == (201, 201)
    assert (cart["subtotal"], method["price"]) == ("25.00", "5.95")
    order = Order.objects.get()
    assert placed.json()["number"] == order.number
    assert (placed.json()["total"], placed.json()["currency"], placed.json()["status"]) == ("30.95", "EUR", "ready_to_dispatch")
    assert order.email == "greta@example.com"
    assert list(order.lines.values_list("sku", "quantity")) == [(sku, 2)]
    assert Variant.objects.get(sku=sku).stock == 2
    payment = Payment.objects.get()
    assert (payment.order, payment.status, payment.card_last4) == (order, "authorised", "4242")
    assert SandboxCharge.objects.get().amount == order.total
    assert client.get(f"/api/v1/carts/{token}").json()["ordered"] is True
    assert client.get(placed.json()["confirmation_url"].removeprefix("https://shop.example")).status_code == 200
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [(["greta@example.com"], f"Your order {order.number}")]
