"""Cookie mode with a browser that blocks cookies: the cart page says so and offers the cart in the URL."""

import re

import pytest
from django.urls import reverse

from shopkeep.cart.identity import CART_PARAM, SIGNATURE_FIELD, cart_signature
from shopkeep.cart.models import Cart
from shopkeep.catalog.tests.factories import product_with_sizes

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def add_without_keeping_cookies(client, sku: str, **extra):
    response = client.post(reverse("cart:add"), {"sku": sku, "quantity": "1", **extra}, **SAME_ORIGIN)
    client.cookies.clear()  # the browser refuses the cookie
    return response


def test_a_blocked_cart_cookie_gets_an_explanation_and_the_url_form_instead_of_an_empty_cart(client, settings):
    # given cookie mode and a browser that blocks cookies
    settings.SHOPKEEP_COOKIES = "necessary"
    product_with_sizes(slug="socks", sizes={"M": 5, "L": 5})
    response = add_without_keeping_cookies(client, "SOCKS-M")
    cart = Cart.objects.get()

    # when it follows the redirect without the cookie
    page = client.get(response["Location"]).content.decode()

    # then it is told cookies are blocked, not that the cart is empty, and offered the cart in the page address
    assert "Your browser blocks cookies" in page and "Your cart is empty" not in page
    url_form = f"/cart/?{CART_PARAM}={cart.token}&amp;{SIGNATURE_FIELD}={cart_signature(cart.token)}"
    assert url_form in page

    # when it continues in the URL form
    page = client.get(url_form.replace("&amp;", "&")).content.decode()

    # then the cart is there, and its links and forms carry the cart
    assert "socks" in page.lower() and "Your cart is empty" not in page
    checkout = re.search(r'href="(/checkout/\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert f"{CART_PARAM}={cart.token}" in checkout and SIGNATURE_FIELD in checkout
    assert client.get(checkout).status_code == 200
    assert client.cookies.get("sk_cart") is None or client.cookies["sk_cart"].value == ""

    # and a second product added from a page in URL mode lands in the same cart
    product_page = client.get(f"/p/socks/?{CART_PARAM}={cart.token}&{SIGNATURE_FIELD}={cart_signature(cart.token)}")
    if product_page.status_code == 200:
        fields = dict(re.findall(r'name="(cart|cart_sig)" value="([^"]+)"', product_page.content.decode()))
        response = add_without_keeping_cookies(client, "SOCKS-L", **fields)
        assert f"{CART_PARAM}={cart.token}" in response["Location"]
        assert Cart.objects.count() == 1 and cart.lines.count() == 2


def test_with_cookies_working_the_cart_page_shows_the_cart_as_usual(client, settings):
    settings.SHOPKEEP_COOKIES = "necessary"
    product_with_sizes(slug="socks", sizes={"M": 5})
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)
    page = client.get(response["Location"]).content.decode()
    assert "Your browser blocks cookies" not in page and "Added" in page


def test_a_forged_resume_link_shows_an_empty_cart(client, settings):
    settings.SHOPKEEP_COOKIES = "necessary"
    product_with_sizes(slug="socks", sizes={"M": 5})
    response = add_without_keeping_cookies(client, "SOCKS-M")
    forged = re.sub(r"resume_sig=\w+", "resume_sig=" + "0" * 32, response["Location"])
    page = client.get(forged).content.decode()
    assert "Your cart is empty" in page and "blocks cookies" not in page


def test_a_cart_token_without_its_signature_does_not_switch_cookie_mode_to_the_url(client, settings):
    settings.SHOPKEEP_COOKIES = "necessary"
    product_with_sizes(slug="socks", sizes={"M": 5})
    add_without_keeping_cookies(client, "SOCKS-M")
    cart = Cart.objects.get()
    assert "Your cart is empty" in client.get(f"/cart/?{CART_PARAM}={cart.token}").content.decode()
