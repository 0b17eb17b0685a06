import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shopkeep.cart.identity import CART_COOKIE, cart_signature
from shopkeep.cart.models import Cart, CartLine
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
STATEMENT = re.compile(r'(?P<verb>SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[^"]*"(?P<table>\w+)"')


def _signed(cart: Cart) -> dict:
    return {"cart": cart.token, "cart_sig": cart_signature(cart.token)}


def _lines(cart: Cart) -> list[tuple[str, int]]:
    return list(cart.lines.order_by("id").values_list("variant__sku", "quantity"))


def test_first_add_creates_a_cart_and_redirects_to_it(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "2"}, **SAME_ORIGIN)

    # then
    cart = Cart.objects.get()
    assert response.status_code == 303
    # (naming the cart, signed, in case this browser blocks the cookie: see test_cookies_blocked.py)
    assert response["Location"] == f"/cart/?added=SOCKS-M&resume={cart.token}&resume_sig={cart_signature(cart.token)}"
    assert _lines(cart) == [("SOCKS-M", 2)]
    assert response.cookies[CART_COOKIE].value == cart.token


def test_cart_page_after_adding_confirms_what_was_added(client):
    # given
    product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5})
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # when
    response = client.get("/cart/?added=SOCKS-M")

    # then
    assert "Added <strong>Wool socks (size M)</strong> to your cart." in response.content.decode()


def test_second_add_uses_the_same_cart_and_merges_lines(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5, "L": 5})
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)
    cart = Cart.objects.get()

    # when
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "2", **_signed(cart)})
    client.post(reverse("cart:add"), {"sku": "SOCKS-L", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert Cart.objects.count() == 1
    assert _lines(cart) == [("SOCKS-M", 3), ("SOCKS-L", 1)]


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Quantity must be at least 1."),
        ("-3", "Quantity must be at least 1."),
        ("100", "You can order at most 99 of one item."),
        ("99999999999999999999999", "You can order at most 99 of one item."),
        ("two", "Quantity must be a whole number."),
        ("1.5", "Quantity must be a whole number."),
        ("", "Please enter a quantity."),
    ],
)
def test_bad_quantity_shows_the_product_page_with_the_reason_and_creates_nothing(client, quantity, message):
    # given
    product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 500})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": quantity}, **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert f'<div class="notice notice-error" role="alert" id="buy-error"><p>{message}</p></div>' in response.content.decode()
    assert "<h1>Wool socks</h1>" in response.content.decode()
    assert Cart.objects.count() == 0
    assert CART_COOKIE not in response.cookies


def test_bad_quantity_on_an_existing_cart_changes_nothing(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 5})
    cart = cart_with_lines((product.variants.get(), 1))

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "0", **_signed(cart)})

    # then
    assert response.status_code == 400
    assert _lines(cart) == [("SOCKS-M", 1)]


def test_unknown_sku_is_404_with_a_message(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "NOPE", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 404
    assert "There is no product with SKU &#x27;NOPE&#x27;." in response.content.decode()
    assert Cart.objects.count() == 0


def test_unknown_sku_from_a_product_page_shows_that_page_again(client):
    # given
    product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5})

    # when
    response = client.post(
        reverse("cart:add"), {"sku": "NOPE", "quantity": "1", "product": "socks"}, **SAME_ORIGIN
    )

    # then
    assert response.status_code == 404
    assert "<h1>Wool socks</h1>" in response.content.decode()


def test_no_size_chosen_asks_for_one(client):
    # given
    product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"quantity": "1", "product": "socks"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert "<p>Please choose a size.</p>" in response.content.decode()
    assert Cart.objects.count() == 0


def test_out_of_stock_is_409_and_keeps_the_chosen_size_and_quantity(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 2, "L": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "3"}, **SAME_ORIGIN)

    # then
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sorry, only 2 of" in html
    assert '<input type="radio" name="sku" value="SOCKS-M" required checked aria-describedby="buy-error">' in html
    assert 'value="3" required' in html
    assert Cart.objects.count() == 0


def test_sold_out_size_is_409(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 0, "L": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 409
    assert "is sold out." in response.content.decode()


def test_adding_more_than_stock_to_an_existing_line_is_409_and_keeps_the_line(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 3})
    cart = cart_with_lines((product.variants.get(), 2))

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "2", **_signed(cart)})

    # then
    assert response.status_code == 409
    assert "you asked for 4. You already have 2 in your cart." in response.content.decode()
    assert _lines(cart) == [("SOCKS-M", 2)]


def test_going_over_the_line_limit_with_an_existing_line_says_what_is_in_the_cart(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 500})
    cart = cart_with_lines((product.variants.get(), 60))

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "50", **_signed(cart)})

    # then
    assert response.status_code == 400
    assert "You can order at most 99 of one item. You already have 60 in your cart." in response.content.decode()
    assert _lines(cart) == [("SOCKS-M", 60)]


def test_inactive_product_cannot_be_added(client):
    # given
    product = product_create(slug="old", is_active=False)
    variant_create(product=product, sku="OLD-1")

    # when
    response = client.post(reverse("cart:add"), {"sku": "OLD-1", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 404
    assert Cart.objects.count() == 0


def test_adding_to_an_ordered_cart_starts_a_new_cart(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 5})
    ordered = cart_with_lines((product.variants.get(), 1))
    Cart.objects.filter(pk=ordered.pk).update(ordered_at=timezone.now())
    client.cookies[CART_COOKIE] = ordered.token

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "2", **_signed(ordered)})

    # then
    new = Cart.objects.exclude(pk=ordered.pk).get()
    assert response.status_code == 303
    assert _lines(new) == [("SOCKS-M", 2)]
    assert _lines(ordered) == [("SOCKS-M", 1)]
    assert response.cookies[CART_COOKIE].value == new.token


@pytest.mark.parametrize("headers", [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.example"}, {}])
def test_cross_site_or_unproven_first_add_is_refused_and_changes_nothing(client, headers):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **headers)

    # then
    assert response.status_code == 403
    assert "sent from another site or from an expired page, so nothing was changed" in response.content.decode()
    assert Cart.objects.count() == 0
    assert CartLine.objects.count() == 0
    assert CART_COOKIE not in response.cookies


def test_cross_site_add_to_an_existing_cart_is_refused_even_with_its_token(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 5})
    cart = cart_with_lines((product.variants.get(), 1))

    # when
    response = client.post(
        reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "3", **_signed(cart)}, HTTP_SEC_FETCH_SITE="cross-site"
    )

    # then
    assert response.status_code == 403
    assert _lines(cart) == [("SOCKS-M", 1)]


def test_forged_cart_signature_is_not_trusted(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 5})
    cart = cart_with_lines((product.variants.get(), 1))

    # when
    response = client.post(
        reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "3", "cart": cart.token, "cart_sig": "0" * 32}
    )

    # then
    assert response.status_code == 403
    assert _lines(cart) == [("SOCKS-M", 1)]


def test_add_accepts_only_post(client):
    # when
    response = client.get(reverse("cart:add"))

    # then
    assert response.status_code == 405


def _statements(queries) -> list[str]:
    """Each statement sent as its verb and its (first) table, leaving out the savepoints of nested atomic blocks."""
    named = (STATEMENT.match(query["sql"]) for query in queries)
    return [f"{match['verb']} {match['table']}" for match in named if match]


def test_a_first_add_reads_the_product_then_writes_cart_and_line_and_nothing_else(client):
    # given a product and a browser without a cart
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when it adds to the cart
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then one read (the size, its product and stock) and two inserts: the write transaction is as short as it gets
    assert response.status_code == 303
    assert _statements(queries.captured_queries) == [
        "SELECT catalog_variant", "INSERT INTO cart_cart", "INSERT INTO cart_cartline"]


def test_adding_to_an_existing_cart_takes_a_handful_of_statements(client):
    # given a cart with one line (its cookie in the browser)
    product_with_sizes(slug="socks", sizes={"M": 5, "L": 5})
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # when another size is added
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("cart:add"), {"sku": "SOCKS-L", "quantity": "1"}, **SAME_ORIGIN)

    # then: the cart (cookie), the size, its line (locked), the new line and the cart's time of change
    assert response.status_code == 303
    assert _statements(queries.captured_queries) == [
        "SELECT cart_cart", "SELECT catalog_variant", "SELECT cart_cartline", "INSERT INTO cart_cartline",
        "UPDATE cart_cart"]
