import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.cart.identity import CART_COOKIE, cart_signature
from shopkeep.cart.models import Cart
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_with_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart():
    product = product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5, "L": 5})
    return cart_with_lines((product.variants.get(size="M"), 1), (product.variants.get(size="L"), 2))


def _signed(cart: Cart) -> dict:
    return {"cart": cart.token, "cart_sig": cart_signature(cart.token)}


def _lines(cart: Cart) -> list[tuple[str, int]]:
    return list(cart.lines.order_by("id").values_list("variant__sku", "quantity"))


def _line_id(cart: Cart, sku: str) -> int:
    return cart.lines.get(variant__sku=sku).pk


def test_update_sets_the_quantity_and_redirects_to_the_cart(client, cart):
    # given the browser holds the cart cookie (without it, the redirect would carry the cart: test_cookies_blocked.py)
    client.cookies[CART_COOKIE] = cart.token
    # when
    response = client.post(
        reverse("cart:update"), {"line": _line_id(cart, "SOCKS-M"), "quantity": "4", **_signed(cart)}
    )

    # then
    assert response.status_code == 303
    assert response["Location"] == "/cart/"
    assert _lines(cart) == [("SOCKS-M", 4), ("SOCKS-L", 2)]


@pytest.mark.parametrize(
    ("quantity", "status", "message"),
    [
        ("0", 400, "Quantity must be at least 1."),
        ("-1", 400, "Quantity must be at least 1."),
        ("1000", 400, "You can order at most 99 of one item."),
        ("lots", 400, "Quantity must be a whole number."),
        ("6", 409, "Sorry, only 5 of Wool socks M left in stock; you asked for 6."),
    ],
)
def test_bad_quantity_update_shows_the_cart_with_the_reason_and_changes_nothing(client, cart, quantity, status, message):
    # given
    line_id = _line_id(cart, "SOCKS-M")

    # when
    response = client.post(reverse("cart:update"), {"line": line_id, "quantity": quantity, **_signed(cart)})

    # then
    html = response.content.decode()
    assert response.status_code == status
    assert f'<p class="field-error" id="qty-error-{line_id}">{message}</p>' in html
    assert 'aria-invalid="true"' in html
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


@pytest.mark.parametrize("line", ["999999", "abc", "", "-5", str(2**70)])
def test_update_of_a_line_not_in_the_cart_is_refused(client, cart, line):
    # when
    response = client.post(reverse("cart:update"), {"line": line, "quantity": "2", **_signed(cart)})

    # then
    assert response.status_code in (400, 404)
    assert "That item is not in this cart." in response.content.decode()
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


def test_update_cannot_touch_another_carts_line(client, cart):
    # given
    other = cart_with_lines((cart.lines.first().variant, 1))

    # when
    response = client.post(
        reverse("cart:update"), {"line": other.lines.get().pk, "quantity": "3", **_signed(cart)}
    )

    # then
    assert response.status_code == 404
    assert _lines(other) == [("SOCKS-M", 1)]


def test_remove_deletes_the_line(client, cart):
    # when
    response = client.post(reverse("cart:remove"), {"line": _line_id(cart, "SOCKS-M"), **_signed(cart)})

    # then
    assert response.status_code == 303
    assert _lines(cart) == [("SOCKS-L", 2)]


def test_remove_of_an_unknown_line_is_404(client, cart):
    # when
    response = client.post(reverse("cart:remove"), {"line": "424242", **_signed(cart)})

    # then
    assert response.status_code == 404
    assert "That item is not in this cart." in response.content.decode()
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


@pytest.mark.parametrize("view", ["cart:update", "cart:remove"])
def test_update_and_remove_without_the_signed_cart_fields_are_403(client, cart, view):
    # when
    response = client.post(
        reverse(view), {"line": _line_id(cart, "SOCKS-M"), "quantity": "3", "cart": cart.token},
        HTTP_SEC_FETCH_SITE="same-origin",
    )

    # then
    assert response.status_code == 403
    assert "This form was sent from another site or from an expired page, so nothing was changed." in (
        response.content.decode()
    )
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


@pytest.mark.parametrize("view", ["cart:update", "cart:remove"])
def test_cross_site_update_and_remove_are_refused_even_when_signed(client, cart, view):
    # when
    response = client.post(
        reverse(view), {"line": _line_id(cart, "SOCKS-M"), "quantity": "3", **_signed(cart)},
        HTTP_SEC_FETCH_SITE="cross-site",
    )

    # then
    assert response.status_code == 403
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


@pytest.mark.parametrize("view", ["cart:update", "cart:remove"])
def test_changing_an_ordered_cart_is_409(client, cart, view):
    # given
    Cart.objects.filter(pk=cart.pk).update(ordered_at=timezone.now())

    # when
    response = client.post(reverse(view), {"line": _line_id(cart, "SOCKS-M"), "quantity": "3", **_signed(cart)})

    # then
    assert response.status_code == 409
    assert "This cart has already been ordered; start a new cart to buy more." in response.content.decode()
    assert _lines(cart) == [("SOCKS-M", 1), ("SOCKS-L", 2)]


@pytest.mark.parametrize("view", ["cart:update", "cart:remove"])
def test_update_and_remove_accept_only_post(client, view):
    # when
    response = client.get(reverse(view))

    # then
    assert response.status_code == 405
