"""Cookie rules of the cart (P-06) and the cookieless mode (P-07)."""

import re

import pytest
from django.urls import reverse

from shopkeep.cart.identity import CART_COOKIE
from shopkeep.cart.models import Cart
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def cookieless(settings):
    settings.SHOPKEEP_COOKIES = "none"


def _hidden(html: str, name: str) -> str:
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html).group(1)


@pytest.mark.promise("P-06")
def test_adding_to_cart_sets_exactly_one_random_session_cookie(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then
    cart = Cart.objects.get()
    assert list(response.cookies) == [CART_COOKIE]
    morsel = response.cookies[CART_COOKIE]
    assert morsel.value == cart.token
    assert len(cart.token) >= 24
    assert morsel["expires"] == ""
    assert morsel["max-age"] == ""
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"


@pytest.mark.promise("P-06")
def test_a_second_add_sets_no_new_cookie(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 303
    assert not response.cookies
    assert Cart.objects.get().lines.get().quantity == 2


@pytest.mark.promise("P-06")
def test_a_failed_first_add_sets_no_cookie(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 0})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 409
    assert not response.cookies


@pytest.mark.promise("P-06")
def test_cart_cookie_finds_the_cart_on_later_pages(client):
    # given
    product_with_sizes(name="Wool socks", slug="socks", sizes={"M": 5})
    client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "2"}, **SAME_ORIGIN)

    # when
    response = client.get(reverse("cart:detail"))

    # then
    assert '<a href="/p/socks/">Wool socks</a>' in response.content.decode()
    assert not response.cookies


@pytest.mark.promise("P-07")
def test_cookieless_add_sets_no_cookie_and_puts_the_cart_in_the_address(client, cookieless):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    response = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)

    # then
    cart = Cart.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/cart/?cart={cart.token}&added=SOCKS-M"
    assert not response.cookies
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.promise("P-07")
def test_cookieless_cart_with_several_lines_works_through_links_and_forms(client, cookieless):
    # given
    category_create(name="Socks", slug="socks-cat")
    product_with_sizes(name="Wool socks", slug="wool", sizes={"M": 5, "L": 5})
    cable = product_create(name="Cable", slug="cable", kind="electronics")
    variant_create(product=cable, sku="CABLE", price="3.00", stock=5)

    # when: the first add starts the cart, the next adds use the signed fields of the re-rendered product page
    first = client.post(reverse("cart:add"), {"sku": "WOOL-M", "quantity": "1"}, **SAME_ORIGIN)
    cart_url = first["Location"].split("&")[0]
    product_html = client.get(f"/p/wool/?{cart_url.split('?')[1]}").content.decode()
    signed = {"cart": _hidden(product_html, "cart"), "cart_sig": _hidden(product_html, "cart_sig")}
    second = client.post(reverse("cart:add"), {"sku": "WOOL-L", "quantity": "2", **signed})
    third = client.post(reverse("cart:add"), {"sku": "CABLE", "quantity": "1", **signed})
    cart_page = client.get(cart_url)

    # then
    cart = Cart.objects.get()
    assert [second.status_code, third.status_code] == [303, 303]
    assert list(cart.lines.order_by("id").values_list("variant__sku", "quantity")) == [
        ("WOOL-M", 1), ("WOOL-L", 2), ("CABLE", 1)
    ]
    html = cart_page.content.decode()
    assert f'href="/p/wool/?cart={cart.token}"' in html
    assert f'href="/c/socks-cat/?cart={cart.token}"' in html
    assert f'action="/cart/update/?cart={cart.token}"' in html
    assert '<span class="badge">4<span class="visually-hidden"> items</span></span>' in html
    assert "your cart travels in the page address" in html
    assert not any(r.cookies for r in (first, second, third, cart_page))
    assert cart_page["Referrer-Policy"] == "no-referrer"


@pytest.mark.promise("P-07")
def test_cookieless_update_and_remove_work_with_the_signed_fields(client, cookieless):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5, "L": 5})
    first = client.post(reverse("cart:add"), {"sku": "SOCKS-M", "quantity": "1"}, **SAME_ORIGIN)
    html = client.get(first["Location"]).content.decode()
    signed = {"cart": _hidden(html, "cart"), "cart_sig": _hidden(html, "cart_sig")}
    client.post(reverse("cart:add"), {"sku": "SOCKS-L", "quantity": "1", **signed})
    cart = Cart.objects.get()
    lines = dict(cart.lines.values_list("variant__sku", "pk"))

    # when
    updated = client.post(reverse("cart:update"), {"line": lines["SOCKS-M"], "quantity": "3", **signed})
    removed = client.post(reverse("cart:remove"), {"line": lines["SOCKS-L"], **signed})

    # then
    assert updated.status_code == 303
    assert updated["Location"] == f"/cart/?cart={cart.token}"
    assert removed.status_code == 303
    assert list(cart.lines.values_list("variant__sku", "quantity")) == [("SOCKS-M", 3)]
    assert not updated.cookies and not removed.cookies


@pytest.mark.promise("P-07")
def test_cookieless_first_get_of_every_cart_and_catalogue_page_sets_no_cookie(client, cookieless):
    # given
    category_create(slug="socks-cat")
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    responses = [
        client.get(url)
        for url in ["/", "/c/socks-cat/", "/p/socks/", "/p/socks/image.svg", "/search/?q=sock", "/cart/"]
    ]

    # then
    assert [r.status_code for r in responses] == [200] * 6
    assert [dict(r.cookies) for r in responses] == [{}] * 6
    assert {r["Referrer-Policy"] for r in responses} == {"no-referrer"}


@pytest.mark.promise("P-07")
def test_cookieless_mode_ignores_a_cart_cookie(client, cookieless):
    # given
    product = product_with_sizes(slug="socks", sizes={"M": 5})
    cart = Cart.objects.create()
    cart.lines.create(variant=product.variants.get(), quantity=1)
    client.cookies[CART_COOKIE] = cart.token

    # when
    response = client.get(reverse("cart:detail"))

    # then
    assert "<h2>Your cart is empty</h2>" in response.content.decode()
