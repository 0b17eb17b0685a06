import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopkeep.cart.models import Cart, CartLine
from shopkeep.cart.tests.factories import cart_create, cart_with_lines
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.factories import address_data
from shopkeep.customers.models import Address
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_from_confirmation_token
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import DECLINED, INSUFFICIENT_FUNDS, card_token_create

pytestmark = pytest.mark.django_db

BASE = "https://shop.example"
INVALID = "Please correct the highlighted fields."


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.SHOPKEEP_BASE_URL = BASE


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=5)


@pytest.fixture
def cart(socks):
    return cart_with_lines((socks, 2))


def checkout_body(*, payment_token: str, **overrides) -> dict:
    """A complete guest checkout to the UK."""
    return {
        "email": "ada@example.com",
        "shipping_address": address_data(),
        "shipping_method": "gb-standard",
        "payment_token": payment_token,
        **overrides,
    }


def checkout(client, cart: Cart, body) -> object:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/api/v1/carts/{cart.token}/checkout", data=data, content_type="application/json")


def nothing_was_ordered(*, cart: Cart, socks: Variant) -> bool:
    """True when no order, payment or address was written and the cart and stock are as they were."""
    cart.refresh_from_db()
    return (
        Order.objects.count() == 0
        and Payment.objects.filter(status="authorised").count() == 0
        and Address.objects.count() == 0
        and cart.ordered_at is None
        and list(CartLine.objects.filter(cart=cart).values_list("quantity", flat=True)) == [2]
        and Variant.objects.get(pk=socks.pk).stock == 5
    )


def test_checkout_places_the_order_and_returns_201_with_a_signed_absolute_confirmation_url(client, cart, socks):
    # given
    token = card_token_create().token

    # when
    response = checkout(client, cart, checkout_body(payment_token=token))

    # then
    assert response.status_code == 201
    order = Order.objects.get()
    assert response.json() == {
        "number": order.number,
        "status": "ready_to_dispatch",
        "discount": "0.00",
        "total": "28.95",
        "vat": [{"rate": "19.00", "amount": "4.62"}],
        "currency": "EUR",
        "confirmation_url": response.json()["confirmation_url"],
        "replayed": False,
    }
    url = response.json()["confirmation_url"]
    assert url.startswith(f"{BASE}/checkout/order/")
    assert order_from_confirmation_token(url.removeprefix(f"{BASE}/checkout/order/").rstrip("/")) == order
    assert Variant.objects.get(pk=socks.pk).stock == 3
    assert Payment.objects.get().order == order


def test_a_replayed_checkout_returns_the_same_order_with_200_and_authorises_only_once(client, cart):
    # given
    body = checkout_body(payment_token=card_token_create().token)
    first = checkout(client, cart, body)

    # when
    again = checkout(client, cart, body)

    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert SandboxCharge.objects.count() == 1


def _confirmed(url: str) -> str:
    return order_from_confirmation_token(url.rstrip("/").rsplit("/", 1)[-1]).number


def test_checking_out_an_ordered_cart_with_another_payment_returns_that_order_and_charges_nothing(client, cart):
    # given
    first = checkout(client, cart, checkout_body(payment_token=card_token_create().token))

    # when
    response = checkout(client, cart, checkout_body(payment_token=card_token_create().token))

    # then: the one replay rule of every door (the API answered 409 here before; the pages showed the order)
    assert response.status_code == 200
    # the confirmation link is signed with the time it was made: compare the order it opens
    again, placed = response.json(), first.json()
    assert {**again, "confirmation_url": ""} == {**placed, "replayed": True, "confirmation_url": ""}
    assert _confirmed(again["confirmation_url"]) == _confirmed(placed["confirmation_url"]) == placed["number"]
    assert (Order.objects.count(), Payment.objects.count(), SandboxCharge.objects.count()) == (1, 1, 1)


def test_a_separate_billing_address_is_kept(client, cart):
    # given
    billing = address_data(name="Ada's Bank", line1="1 Bank Street", postal_code="E14 5AB")

    # when
    response = checkout(client, cart, checkout_body(payment_token=card_token_create().token,
                                                    billing_address=billing, newsletter=False))

    # then
    assert response.status_code == 201
    order = Order.objects.select_related("billing_address", "shipping_address").get()
    assert (order.shipping_address.line1, order.billing_address.line1) == ("12 St James's Square", "1 Bank Street")


@pytest.mark.parametrize(
    ("number", "detail"),
    [
        (DECLINED, "Your card was declined. Please use another card or contact your bank."),
        (INSUFFICIENT_FUNDS, "Your card was declined for insufficient funds. Please use another card."),
    ],
)
def test_a_declined_card_gets_402_with_the_reason_and_keeps_the_cart(client, cart, socks, number, detail):
    # given
    token = card_token_create(number=number).token

    # when
    response = checkout(client, cart, checkout_body(payment_token=token))

    # then
    assert response.status_code == 402
    assert response.json() == {"detail": detail, "errors": {}}
    assert nothing_was_ordered(cart=cart, socks=socks)


def test_an_unknown_payment_token_gets_400(client, cart, socks):
    # when
    response = checkout(client, cart, checkout_body(payment_token="tok_forged"))

    # then
    assert response.status_code == 400
    message = "The payment details have expired or are not valid. Please enter your card again."
    assert response.json() == {"detail": message, "errors": {"payment_token": message}}
    assert nothing_was_ordered(cart=cart, socks=socks)
    assert Payment.objects.count() == 0


def test_an_empty_cart_gets_409(client):
    # given
    cart = cart_create()

    # when
    response = checkout(client, cart, checkout_body(payment_token=card_token_create().token))

    # then
    assert response.status_code == 409
    assert response.json() == {"detail": "Your cart is empty.", "errors": {}}
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)


def test_a_cart_holding_more_than_is_in_stock_gets_409(client, socks):
    # given
    cart = cart_with_lines((socks, 6))

    # when
    response = checkout(client, cart, checkout_body(payment_token=card_token_create().token))

    # then
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Sorry, only 5 of Stripy Socks M left in stock; you asked for 6.", "errors": {}
    }
    assert (Order.objects.count(), Payment.objects.filter(status="authorised").count()) == (0, 0)
    assert Variant.objects.get(pk=socks.pk).stock == 5


def test_an_unknown_cart_gets_404(client):
    # when
    response = client.post("/api/v1/carts/unknown/checkout", data=json.dumps(checkout_body(payment_token="tok_x")),
                           content_type="application/json")

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no cart with this token.", "errors": {}}


@pytest.mark.promise("P-25")
def test_checkout_with_newsletter_true_only_emails_a_confirmation_link_and_subscribes_nobody(
    client, cart, socks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    from shopkeep.mailing.models import Subscription

    body = checkout_body(payment_token=card_token_create().token, newsletter=True)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client, cart, body)

    # then
    assert response.status_code == 201
    assert Subscription.objects.get().status == "pending"
    assert Subscription.objects.get().source == "checkout"
    assert sorted(m.extra_headers["Message-ID"].split(".")[0] for m in mailoutbox) == [
        "<newsletter_confirmation", "<order_confirmation"]


@pytest.mark.promise("P-25")
def test_newsletter_true_sends_nothing_when_the_card_is_declined(client, cart, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    # given
    from shopkeep.mailing.models import Subscription

    body = checkout_body(payment_token=card_token_create(number=DECLINED).token, newsletter=True)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client, cart, body)

    # then
    assert response.status_code == 402
    assert mailoutbox == []
    assert Subscription.objects.count() == 0


@pytest.mark.promise("P-25")
def test_a_replayed_checkout_with_newsletter_true_sends_the_confirmation_link_once(
    client, cart, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    # given: count the requests (the mailing service itself also refuses a resend within minutes)
    from shopkeep.checkout import services as checkout_services

    requested = []
    subscribe = checkout_services.newsletter_subscribe_request
    monkeypatch.setattr(checkout_services, "newsletter_subscribe_request",
                        lambda **kwargs: requested.append(kwargs) or subscribe(**kwargs))
    body = checkout_body(payment_token=card_token_create().token, newsletter=True)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = checkout(client, cart, body)
        again = checkout(client, cart, {**body, "payment_token": card_token_create().token})

    # then
    assert (first.status_code, again.status_code) == (201, 200)
    assert requested == [{"email": "ada@example.com", "source": "checkout"}]
    assert sorted(m.extra_headers["Message-ID"].split(".")[0] for m in mailoutbox) == [
        "<newsletter_confirmation", "<order_confirmation"]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"email": "not-an-email"}, {"email": "Enter a valid email address."}),
        ({"shipping_address": address_data(line1="", city=" ")},
         {"shipping_address.line1": "Address line 1 is required.",
          "shipping_address.city": "Town or city is required."}),
        ({"shipping_address": address_data(country="JP")},
         {"shipping_address.country": "Sorry, we don't deliver to that country yet."}),
        ({"billing_address": address_data(phone="call me")},
         {"billing_address.phone": "Enter a phone number with digits only (and + - ( ) spaces)."}),
        ({"shipping_method": "us-express"},
         {"shipping_method": "Choose a shipping method that delivers to your country."}),
    ],
)
def test_invalid_checkout_details_get_422_naming_each_field_and_charge_nothing(client, cart, socks, overrides, errors):
    # given
    body = checkout_body(payment_token=card_token_create().token, **overrides)

    # when
    response = checkout(client, cart, body)

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert nothing_was_ordered(cart=cart, socks=socks)
    assert Payment.objects.count() == 0


def without(data: dict, field: str) -> dict:
    return {key: value for key, value in data.items() if key != field}


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (lambda body: without(body, "email"), {"email": "This field is required."}),
        (lambda body: without(body, "payment_token"), {"payment_token": "This field is required."}),
        (lambda body: {**body, "shipping_address": without(body["shipping_address"], "line1")},
         {"shipping_address.line1": "This field is required."}),
        (lambda body: {**body, "shipping_address": without(body["shipping_address"], "postal_code")},
         {"shipping_address.postal_code": "Postal code is required."}),
        (lambda body: {**body, "card_number": "4242424242424242"}, {"card_number": "Unknown field."}),
        (lambda body: {**body, "shipping_address": {**body["shipping_address"], "vat_id": "GB1"}},
         {"shipping_address.vat_id": "Unknown field."}),
        (lambda body: {**body, "newsletter": "false"}, {"newsletter": "Must be true or false."}),
        (lambda body: {**body, "newsletter": 0}, {"newsletter": "Must be true or false."}),
        (lambda body: {**body, "email": ["ada@example.com"]}, {"email": "Must be a string."}),
        (lambda body: {**body, "shipping_address": "12 St James's Square"},
         {"shipping_address": "Must be a JSON object."}),
        (lambda body: {**body, "shipping_address": {**body["shipping_address"], "name": "A" * 151}},
         {"shipping_address.name": "Use at most 150 characters."}),
    ],
)
def test_missing_unknown_and_mistyped_fields_get_422_and_charge_nothing(client, cart, socks, change, errors):
    # given
    body = change(checkout_body(payment_token=card_token_create().token))

    # when
    response = checkout(client, cart, body)

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert nothing_was_ordered(cart=cart, socks=socks)
    assert Payment.objects.count() == 0


@pytest.mark.promise("P-19")
def test_behind_a_trusted_proxy_the_order_keeps_the_forwarded_client_address(client, cart, settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8",)
    body = checkout_body(payment_token=card_token_create().token)

    # when
    response = client.post(f"/api/v1/carts/{cart.token}/checkout", data=json.dumps(body),
                           content_type="application/json", REMOTE_ADDR="10.1.2.3",
                           HTTP_X_FORWARDED_FOR="1.1.1.1, 81.2.69.142")

    # then
    assert response.status_code == 201
    assert Order.objects.get().checkout_ip == "81.2.69.142"


@pytest.mark.promise("P-19")
def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(client, cart, settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ()
    body = checkout_body(payment_token=card_token_create().token)

    # when
    response = client.post(f"/api/v1/carts/{cart.token}/checkout", data=json.dumps(body),
                           content_type="application/json", REMOTE_ADDR="203.0.113.7",
                           HTTP_X_FORWARDED_FOR="81.2.69.142")

    # then
    assert response.status_code == 201
    assert Order.objects.get().checkout_ip == "203.0.113.7"


def test_the_schema_documents_the_replay_rule_with_examples(client):
    # when
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/carts/{token}/checkout"]["post"]

    # then
    replayed, placed = operation["responses"]["200"], operation["responses"]["201"]
    assert "whatever `payment_token` was sent" in replayed["description"]
    assert replayed["content"]["application/json"]["example"]["replayed"] is True
    assert placed["content"]["application/json"]["example"]["replayed"] is False
    assert replayed["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/OrderOut"}


# What one API checkout sends to the database, outside the savepoints of nested atomic blocks and before the
# work that follows the commit (the outbox relay): the cart, the replay check, shipping,
# lines, VAT, authorisation (intent, sandbox, outcome) and the order with its stock, rows, screening and outbox
# (the rate limits and card-testing counts live in the throttle cache, in memory under the tests), and the
# catalogue-changed hook's two (which products the stock change touched, the search version).
CHECKOUT_STATEMENTS = 36


def test_a_checkout_sends_a_bounded_number_of_statements(client, cart, settings):
    # given the database task queue (the outbox then only writes its row in the order's transaction)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                 "QUEUES": ["mail", "default", "marketing"]}}
    body = checkout_body(payment_token=card_token_create().token)

    # when the order is placed
    with CaptureQueriesContext(connection) as queries:
        response = checkout(client, cart, body)

    # then it took no more statements than it needs (N+1 reads, repeated look-ups and re-reads show up here)
    sent = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert response.status_code == 201
    assert len(sent) <= CHECKOUT_STATEMENTS, "\n".join(sql[:120] for sql in sent)
