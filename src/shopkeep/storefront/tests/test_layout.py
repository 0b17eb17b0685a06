import pytest
from django.test import Client
from django.urls import reverse

from shopkeep.cart.identity import CART_COOKIE
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


def test_every_page_has_header_search_category_nav_cart_link_and_footer(client):
    # given
    category_create(name="Socks", slug="socks")

    # when
    html = client.get(reverse("storefront:home")).content.decode()

    # then
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<label for="search-q" class="visually-hidden">Search products</label>' in html
    assert '<form class="search" role="search" action="/search/" method="get">' in html
    assert '<nav class="category-nav" aria-label="Categories">' in html
    assert '<li><a href="/c/socks/">Socks</a></li>' in html
    assert '<a class="cart-link" href="/cart/">' in html
    assert '<main id="main" class="wrap">' in html
    assert "We never ask for your password or card number by email." in html
    assert '<link rel="stylesheet" href="/static/shopkeep/shop.css">' in html


def test_pages_load_nothing_from_another_host(client):
    # given
    product_with_sizes(slug="socks")

    # when
    pages = [client.get(url).content.decode() for url in ["/", "/p/socks/", "/cart/", "/search/?q=x"]]

    # then
    for html in pages:
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html
        assert "<script" not in html
        assert "style=" not in html


def test_header_shows_the_number_of_items_in_the_cart(client):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 9})
    cart = cart_with_lines((product.variants.get(), 3))
    client.cookies[CART_COOKIE] = cart.token

    # when
    html = client.get(reverse("storefront:home")).content.decode()

    # then
    assert '<span class="badge">3<span class="visually-hidden"> items</span></span>' in html


def test_footer_links_the_privacy_notice_when_it_exists(client):
    # when
    html = client.get(reverse("storefront:home")).content.decode()

    # then
    try:
        privacy_url = reverse("privacy:policy")
    except Exception:
        pytest.skip("the privacy notice is not wired yet")
    assert f'<a href="{privacy_url}">Privacy notice</a>' in html


def test_stylesheet_documents_the_shared_class_names():
    # given
    client = Client()

    # when
    css = b"".join(client.get("/static/shopkeep/shop.css").streaming_content).decode()

    # then
    for name in [".field-error", ".form-errors", ".notice-error", ".notice-success", ".steps", ".panel",
                 ".price", ".stock-low", ".stock-out", ".button-secondary", ".table"]:
        assert name in css.split("*/")[0], name
