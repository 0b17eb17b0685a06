"""Pages load what they show in a fixed number of queries, however many products or lines there are."""

import pytest

from shopkeep.cart.identity import CART_COOKIE
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    category = category_create(slug="socks")
    return [product_with_sizes(name=f"Sock {n:02d}", slug=f"sock-{n:02d}", category=category) for n in range(30)]


def test_category_page_uses_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    # given
    client.get("/c/socks/")  # warms the cached category navigation

    # then: the category, the count, the page of tiles, the size facet, the price and stock facets
    with django_assert_max_num_queries(5):
        client.get("/c/socks/")


def test_search_page_uses_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    # given
    client.get("/search/?q=sock")

    # then: the count, the page's ids by relevance, their tiles, the size facet, the price and stock facets
    with django_assert_max_num_queries(5):
        client.get("/search/?q=sock")


def test_product_page_uses_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    # given
    client.get("/p/sock-01/")

    # then: the product with its category, its sizes, its documents
    with django_assert_max_num_queries(3):
        client.get("/p/sock-01/")


def test_cart_page_uses_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    # given
    cart = cart_with_lines(*[(product.variants.first(), 1) for product in catalogue[:10]])
    client.cookies[CART_COOKIE] = cart.token
    client.get("/cart/")

    # then
    with django_assert_max_num_queries(4):
        client.get("/cart/")
