import json

import pytest
from django.utils import timezone

from shopkeep.cart.models import Cart, CartLine
from shopkeep.cart.tests.factories import cart_create, cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create

pytestmark = pytest.mark.django_db

INVALID = "Please correct the highlighted fields."


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=5)


@pytest.fixture
def cable():
    return variant_create(product=product_create(name="USB Cable"), sku="USB-1", price="7.99", stock=50)


def send(client, method: str, path: str, body) -> object:
    """Send `body` as JSON (a str is sent as it is)."""
    data = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(path, data=data, content_type="application/json")


def lines_of(cart: Cart) -> list[tuple[str, int]]:
    return list(CartLine.objects.filter(cart=cart).order_by("id").values_list("variant__sku", "quantity"))


def test_creating_a_cart_returns_201_and_a_token_of_a_new_empty_cart(client):
    # when
    response = client.post("/api/v1/carts")

    # then
    assert response.status_code == 201
    token = response.json()["token"]
    assert response.json() == {"token": token}
    assert Cart.objects.get(token=token).lines.count() == 0


def test_a_cart_shows_its_lines_totals_and_item_count(client, socks, cable):
    # given
    cart = cart_with_lines((socks, 2), (cable, 1))
    socks_line, cable_line = CartLine.objects.filter(cart=cart).order_by("id")

    # when
    response = client.get(f"/api/v1/carts/{cart.token}")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "token": cart.token,
        "lines": [
            {"id": socks_line.pk, "sku": "SOCKS-M", "name": "Stripy Socks", "size": "M", "quantity": 2,
             "unit_price": "12.50", "line_total": "25.00"},
            {"id": cable_line.pk, "sku": "USB-1", "name": "USB Cable", "size": "", "quantity": 1,
             "unit_price": "7.99", "line_total": "7.99"},
        ],
        "subtotal": "32.99",
        "currency": "EUR",
        "item_count": 3,
        "vat": [{"rate": "19.00", "amount": "5.27"}],
        "ordered": False,
    }


@pytest.mark.parametrize("token", ["unknown-token", "x" * 40])
def test_an_unknown_cart_token_gets_404(client, token):
    # when
    response = client.get(f"/api/v1/carts/{token}")

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no cart with this token.", "errors": {}}


def test_adding_a_line_returns_201_and_the_cart(client, socks):
    # given
    cart = cart_create()

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": "SOCKS-M", "quantity": 2})

    # then
    assert response.status_code == 201
    assert [(line["sku"], line["quantity"]) for line in response.json()["lines"]] == [("SOCKS-M", 2)]
    assert response.json()["subtotal"] == "25.00"
    assert lines_of(cart) == [("SOCKS-M", 2)]


def test_adding_the_same_sku_again_merges_the_lines(client, socks):
    # given
    cart = cart_with_lines((socks, 1))

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": "SOCKS-M", "quantity": 2})

    # then
    assert response.status_code == 201
    assert lines_of(cart) == [("SOCKS-M", 3)]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"sku": "SOCKS-M", "quantity": 0}, {"quantity": "Must be at least 1."}),
        ({"sku": "SOCKS-M", "quantity": -1}, {"quantity": "Must be at least 1."}),
        ({"sku": "SOCKS-M", "quantity": "2"}, {"quantity": "Must be a whole number (a JSON integer)."}),
        ({"sku": "SOCKS-M", "quantity": 2.5}, {"quantity": "Must be a whole number (a JSON integer)."}),
        ({"sku": "SOCKS-M", "quantity": True}, {"quantity": "Must be a whole number (a JSON integer)."}),
        ({"sku": "SOCKS-M", "quantity": None}, {"quantity": "Must be a whole number (a JSON integer)."}),
        ({"sku": "SOCKS-M"}, {"quantity": "This field is required."}),
        ({"quantity": 1}, {"sku": "This field is required."}),
        ({"sku": 42, "quantity": 1}, {"sku": "Must be a string."}),
        ({"sku": "", "quantity": 1}, {"sku": "Must not be empty."}),
        ({"sku": "S" * 65, "quantity": 1}, {"sku": "Use at most 64 characters."}),
        ({"sku": "SOCKS\u0000M", "quantity": 1}, {"sku": "Text must not contain NUL characters."}),
        ({"sku": "SOCKS-M", "quantity": 1, "price": "0.01"}, {"price": "Unknown field."}),
        ([{"sku": "SOCKS-M", "quantity": 1}], {"body": "Must be a JSON object."}),
    ],
)
def test_adding_a_line_with_bad_input_is_refused_with_422_and_changes_nothing(client, socks, body, errors):
    # given
    cart = cart_with_lines((socks, 1))

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", body)

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert lines_of(cart) == [("SOCKS-M", 1)]


@pytest.mark.parametrize("quantity", [100, 10**30])
def test_adding_more_than_the_line_maximum_is_refused(client, socks, quantity):
    # given
    cart = cart_create()

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": "SOCKS-M", "quantity": quantity})

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": "You can order at most 99 of one item.",
                               "errors": {"quantity": "You can order at most 99 of one item."}}
    assert lines_of(cart) == []


def test_adding_more_than_is_in_stock_gets_409(client, socks):
    # given
    cart = cart_with_lines((socks, 4))

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": "SOCKS-M", "quantity": 2})

    # then
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Sorry, only 5 of Stripy Socks M left in stock; you asked for 6.", "errors": {}
    }
    assert lines_of(cart) == [("SOCKS-M", 4)]


@pytest.mark.parametrize("sku", ["NOPE", "HIDDEN-1"])
def test_adding_an_unknown_or_withdrawn_sku_gets_404(client, sku):
    # given
    variant_create(product=product_create(is_active=False), sku="HIDDEN-1")
    cart = cart_create()

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": sku, "quantity": 1})

    # then
    assert response.status_code == 404
    message = f"There is no product with SKU {sku!r}."
    assert response.json() == {"detail": message, "errors": {"sku": message}}
    assert lines_of(cart) == []


def test_adding_to_an_unknown_cart_gets_404_and_creates_nothing(client, socks):
    # when
    response = send(client, "post", "/api/v1/carts/unknown/lines", {"sku": "SOCKS-M", "quantity": 1})

    # then
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no cart with this token."
    assert Cart.objects.count() == 0


@pytest.mark.parametrize("body", ['{"sku": "SOCKS-M", "quantity": 1', "", "quantity=1"])
def test_a_body_that_is_not_json_is_refused(client, socks, body):
    # given
    cart = cart_create()

    # when
    response = send(client, "post", f"/api/v1/carts/{cart.token}/lines", body)

    # then
    assert response.status_code in (400, 422)
    assert response.json()["detail"] in ("The request body is not valid JSON.", INVALID)
    assert lines_of(cart) == []


def test_changing_a_line_quantity_returns_the_cart(client, socks):
    # given
    cart = cart_with_lines((socks, 1))
    line = cart.lines.get()

    # when
    response = send(client, "patch", f"/api/v1/carts/{cart.token}/lines/{line.pk}", {"quantity": 3})

    # then
    assert response.status_code == 200
    assert response.json()["lines"][0]["quantity"] == 3
    assert response.json()["subtotal"] == "37.50"
    assert lines_of(cart) == [("SOCKS-M", 3)]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"quantity": 0}, 422),
        ({"quantity": -3}, 422),
        ({"quantity": "3"}, 422),
        ({"quantity": 1.5}, 422),
        ({"quantity": False}, 422),
        ({"quantity": 100}, 422),
        ({}, 422),
        ({"quantity": 2, "sku": "USB-1"}, 422),
        ({"quantity": 6}, 409),
    ],
)
def test_changing_a_line_to_a_bad_quantity_is_refused_and_changes_nothing(client, socks, body, status):
    # given
    cart = cart_with_lines((socks, 1))
    line = cart.lines.get()

    # when
    response = send(client, "patch", f"/api/v1/carts/{cart.token}/lines/{line.pk}", body)

    # then
    assert response.status_code == status
    assert response.json()["detail"]
    assert lines_of(cart) == [("SOCKS-M", 1)]


def test_a_line_of_another_cart_is_unknown_to_this_cart(client, socks):
    # given
    cart = cart_with_lines((socks, 1))
    other_line = cart_with_lines((socks, 2)).lines.get()

    # when
    changed = send(client, "patch", f"/api/v1/carts/{cart.token}/lines/{other_line.pk}", {"quantity": 1})
    removed = client.delete(f"/api/v1/carts/{cart.token}/lines/{other_line.pk}")

    # then
    assert (changed.status_code, removed.status_code) == (404, 404)
    assert removed.json() == {"detail": "That item is not in this cart.", "errors": {}}
    assert CartLine.objects.get(pk=other_line.pk).quantity == 2


@pytest.mark.parametrize("line_id", ["abc", "0", str(2**64)])
def test_a_malformed_line_id_is_refused(client, socks, line_id):
    # given
    cart = cart_with_lines((socks, 1))

    # when
    response = client.delete(f"/api/v1/carts/{cart.token}/lines/{line_id}")

    # then
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["line_id"]
    assert lines_of(cart) == [("SOCKS-M", 1)]


def test_removing_a_line_returns_the_cart_without_it(client, socks, cable):
    # given
    cart = cart_with_lines((socks, 1), (cable, 2))
    socks_line = cart.lines.get(variant=socks)

    # when
    response = client.delete(f"/api/v1/carts/{cart.token}/lines/{socks_line.pk}")

    # then
    assert response.status_code == 200
    assert [line["sku"] for line in response.json()["lines"]] == ["USB-1"]
    assert lines_of(cart) == [("USB-1", 2)]


def test_an_ordered_cart_can_be_read_but_not_changed(client, socks, cable):
    # given
    cart = cart_with_lines((socks, 1))
    cart.ordered_at = timezone.now()
    cart.save()
    line = cart.lines.get()
    refused = {"detail": "This cart has already been ordered; start a new cart to buy more.", "errors": {}}

    # when
    read = client.get(f"/api/v1/carts/{cart.token}")
    added = send(client, "post", f"/api/v1/carts/{cart.token}/lines", {"sku": "USB-1", "quantity": 1})
    changed = send(client, "patch", f"/api/v1/carts/{cart.token}/lines/{line.pk}", {"quantity": 2})
    removed = client.delete(f"/api/v1/carts/{cart.token}/lines/{line.pk}")

    # then
    assert read.status_code == 200
    assert read.json()["ordered"] is True
    assert [(r.status_code, r.json()) for r in (added, changed, removed)] == [(409, refused)] * 3
    assert lines_of(cart) == [("SOCKS-M", 1)]
