"""P-06: no cookie on a first visit; the only cookies are strictly necessary, random ids, ending with the
browser session. P-07: in cookieless mode a whole guest purchase sets no cookie at all."""

import pytest
from django.test import Client
from django.urls import reverse

from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """A small catalogue: two categories, sized socks and shoes."""
    socks = category_create(name="Socks", slug="socks")
    shoes = category_create(name="Shoes", slug="shoes")
    return {
        "socks": product_with_sizes(name="Harbour Stripe Socks", slug="harbour-stripe-socks", category=socks,
                                    sizes={"36-40": 5, "41-46": 5}, price="12.50"),
        "shoes": product_with_sizes(name="Oak Clogs", slug="oak-clogs", category=shoes, kind="shoes",
                                    sizes={"40": 3, "42": 3}, price="89.00"),
    }


def storefront_pages(shop) -> dict[str, tuple[str, set[int]]]:
    """Every page a visitor can open first, by URL name, with the statuses it may answer."""
    product = shop["socks"]
    ok = {200}
    return {
        "home": (reverse("storefront:home"), ok),
        "category": (reverse("catalog:category", args=["socks"]), ok),
        "category, sorted, page 1": (reverse("catalog:category", args=["socks"]) + "?sort=price&page=1", ok),
        "product": (reverse("catalog:product", args=[product.slug]), ok),
        "product image": (reverse("catalog:product_image", args=[product.slug]), ok),
        "search with results": (reverse("catalog:search") + "?q=stripe", ok),
        "search without results": (reverse("catalog:search") + "?q=zzzzzz", ok),
        "empty search": (reverse("catalog:search"), ok),
        "cart": (reverse("cart:detail"), ok),
        "checkout with an empty cart": (reverse("checkout:details"), {200, 302, 303}),
        "log in": (reverse("customers:login"), ok),
        "register": (reverse("customers:register"), ok),
        "password reset": (reverse("customers:password_reset"), ok),
        "account (sends a visitor to log in)": (reverse("customers:account"), {302}),
        "health check": (reverse("healthz"), ok),
        "API product list": ("/api/v1/products", ok),
        "API product": (f"/api/v1/products/{product.slug}", ok),
        "API schema": ("/api/v1/openapi.json", ok),
        "a page that does not exist": ("/no-such-page/", {404}),
        "a product that does not exist": (reverse("catalog:product", args=["no-such-product"]), {404}),
    }


def set_cookies(response) -> dict[str, dict]:
    """The cookies a response sets, with their attributes."""
    return {name: dict(morsel) for name, morsel in response.cookies.items()}


@pytest.mark.promise("P-06")
def test_a_first_visit_to_any_page_sets_no_cookie(shop):
    # given
    pages = storefront_pages(shop)

    # when: each page is the first request of a fresh browser
    responses = {page: Client().get(url) for page, (url, _) in pages.items()}

    # then
    unexpected_status = {page: r.status_code for page, r in responses.items() if r.status_code not in pages[page][1]}
    assert unexpected_status == {}
    assert {page: set_cookies(r) for page, r in responses.items()} == {page: {} for page in pages}


@pytest.mark.promise("P-06")
def test_a_first_visit_in_cookieless_mode_sets_no_cookie_either(shop, settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"

    # when
    answers = {page: set_cookies(Client().get(url)) for page, (url, _) in storefront_pages(shop).items()}

    # then
    assert answers == {page: {} for page in answers}


@pytest.mark.promise("P-06")
def test_adding_to_the_cart_sets_only_the_cart_cookie_for_the_browser_session(shop):
    # given
    client = Client()
    sku = shop["socks"].variants.first().sku

    # when
    response = client.post(reverse("cart:add"), {"sku": sku, "quantity": "1"}, HTTP_SEC_FETCH_SITE="same-origin")

    # then
    assert response.status_code == 303
    cookies = set_cookies(response)
    assert list(cookies) == ["sk_cart"]
    cookie = cookies["sk_cart"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    token = response.cookies["sk_cart"].value
    assert len(token) >= 20 and "@" not in token


@pytest.mark.promise("P-06")
def test_the_cart_cookie_is_not_set_again_on_later_pages(shop):
    # given
    client = Client()
    client.post(reverse("cart:add"), {"sku": shop["socks"].variants.first().sku, "quantity": "1"},
                HTTP_SEC_FETCH_SITE="same-origin")

    # when
    later = {url: set_cookies(client.get(url)) for url, _ in list(storefront_pages(shop).values())[:9]}

    # then
    assert later == {url: {} for url in later}


@pytest.mark.promise("P-06")
def test_a_refused_add_to_cart_sets_no_cookie(shop):
    # given
    client = Client()

    # when
    unknown = client.post(reverse("cart:add"), {"sku": "NO-SUCH-SKU", "quantity": "1"},
                          HTTP_SEC_FETCH_SITE="same-origin")
    too_many = client.post(reverse("cart:add"), {"sku": shop["shoes"].variants.first().sku, "quantity": "4"},
                           HTTP_SEC_FETCH_SITE="same-origin")
    cross_site = client.post(reverse("cart:add"), {"sku": shop["socks"].variants.first().sku, "quantity": "1"},
                             HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert [unknown.status_code, too_many.status_code, cross_site.status_code] == [404, 409, 403]
    assert [set_cookies(r) for r in (unknown, too_many, cross_site)] == [{}, {}, {}]
