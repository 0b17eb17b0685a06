import pytest
from django.urls import reverse

from shopkeep.cart.identity import CART_COOKIE
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db


def test_empty_cart_page_says_so(client):
    # when
    response = client.get(reverse("cart:detail"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Your cart is empty</h2>" in html
    assert "Checkout</a>" not in html


def test_cart_page_lists_lines_with_image_size_prices_and_forms(client):
    # given
    socks = product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5}, price="12.50")
    cable = product_create(name="Cable", slug="cable", kind=Product.Kind.ELECTRONICS)
    variant_create(product=cable, sku="CABLE", price="3.00", stock=9)
    cart = cart_with_lines((socks.variants.get(), 2), (cable.variants.get(), 1))
    client.cookies[CART_COOKIE] = cart.token
    socks_line, cable_line = cart.lines.order_by("id")

    # when
    response = client.get(reverse("cart:detail"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="/p/socks/image.svg?v=' in html
    assert '<a href="/p/socks/">Wool socks</a>' in html
    assert "Size M · €12.50 each" in html
    assert '<p class="cart-line-meta">€3.00 each</p>' in html
    assert f'<label for="qty-{socks_line.pk}">Quantity<span class="visually-hidden"> of Wool socks</span></label>' in html
    assert f'<input type="hidden" name="line" value="{cable_line.pk}">' in html
    assert html.count('action="/cart/update/"') == 2
    assert html.count('action="/cart/remove/"') == 2
    assert html.count(f'<input type="hidden" name="cart" value="{cart.token}">') == 4
    assert '<span class="visually-hidden">Line total: </span>€25.00' in html
    assert '<dd class="summary-total">€28.00</dd>' in html
    assert '<dt class="vat-line">incl. VAT 19%</dt><dd class="vat-line">€4.47</dd>' in html  # the shop's country
    assert "Shipping is calculated at checkout." in html
    assert 'href="/checkout/">Checkout</a>' in html
    assert '<span class="badge">3<span class="visually-hidden"> items</span></span>' in html


def test_cart_page_with_an_unknown_cart_cookie_is_empty(client):
    # given
    client.cookies[CART_COOKIE] = "no-such-cart"

    # when
    response = client.get(reverse("cart:detail"))

    # then
    assert response.status_code == 200
    assert "<h2>Your cart is empty</h2>" in response.content.decode()
