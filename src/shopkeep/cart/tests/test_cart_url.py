"""cart_url: the one builder of shop links that carry the cart token in cookieless mode (P-07)."""

import pytest
from django.http import QueryDict

from shopkeep.cart.identity import cart_url
from shopkeep.cart.tests.factories import cart_create

pytestmark = pytest.mark.django_db


def test_with_cookies_a_link_carries_only_its_own_query(settings):
    # given
    settings.SHOPKEEP_COOKIES = "necessary"
    cart = cart_create()

    # when / then
    assert cart_url("/cart/", cart=cart) == "/cart/"
    assert cart_url("/cart/", cart=cart, query={"added": "SOCKS-M"}) == "/cart/?added=SOCKS-M"


@pytest.mark.promise("P-07")
def test_cookieless_a_link_carries_the_cart_token_first(settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    cart = cart_create()

    # when / then
    assert cart_url("/cart/", cart=cart) == f"/cart/?cart={cart.token}"
    assert cart_url("/cart/", cart=cart, query={"added": "SOCKS-M"}) == f"/cart/?cart={cart.token}&added=SOCKS-M"
    assert cart_url("/cart/", cart=None, query={"added": "SOCKS-M"}) == "/cart/?added=SOCKS-M"


def test_a_query_of_the_current_page_keeps_repeated_values_and_gets_the_current_cart(settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    cart = cart_create()
    query = QueryDict("cart=old&size=M&size=L&page=2")

    # when
    url = cart_url("/c/socks/", cart=cart, query=query)

    # then
    assert url == f"/c/socks/?cart={cart.token}&size=M&size=L&page=2"
