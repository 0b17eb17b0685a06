"""The page cache: anonymous pages come from the cache, every change they show is on the very next request,
per-visitor parts are the visitor's own, and signed-in people, staff and carts in the address never get a
cached page."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext
from PIL import Image

from shopkeep.cart.identity import CART_COOKIE, cart_signature
from shopkeep.cart.services import cart_add_line, cart_create
from shopkeep.catalog.models import ProductPicture, Variant
from shopkeep.catalog.pictures import product_picture_add
from shopkeep.catalog.services import stock_reserve
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.customers.tests.factories import customer_create
from shopkeep.pricing.tests.factories import shipping_method_create, shipping_zone_create
from shopkeep.privacy.publishing import policy_version_create
from shopkeep.shop.services import identity_update
from shopkeep.shop.tests.factories import IDENTITY
from shopkeep.storefront.page_cache import PAGE_VERSION_MODELS, _fillable, visitor_parts_fill
from shopkeep.support.tests.factories import article_create
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.SHOPKEEP_PAGE_CACHE = True


@pytest.fixture
def socks():
    return product_with_sizes(name="Harbour socks", slug="harbour-socks", sizes={"S": 5, "M": 5}, price="12.50")


def rendered(response) -> bool:
    """Whether the view ran (the test client records every template a response rendered)."""
    return bool(response.templates)


def page(client, path: str, **extra) -> str:
    response = client.get(path, **extra)
    assert response.status_code == 200
    return response.content.decode()


# Hits -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/c/socks/", "/p/harbour-socks/", "/search/?q=harbour", "/help/", "/privacy/",
                                  "/cookies/", "/terms/", "/contact/", "/shipping-and-returns/"])
def test_a_second_anonymous_request_is_served_from_the_cache_without_running_the_view(client, path):
    # given
    identity_update(changed_by=None, values=IDENTITY)
    product_with_sizes(name="Harbour socks", slug="harbour-socks", category=category_create(name="Socks", slug="socks"))
    first = client.get(path)
    assert first.status_code == 200 and rendered(first)

    # when
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)

    # then
    assert second.status_code == 200
    assert not rendered(second)
    assert second.content == first.content
    assert not any("catalog_" in query["sql"] for query in queries.captured_queries)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]  # the outer middleware still ran


def test_the_query_string_is_part_of_the_key_in_any_order(client, socks):
    # given
    client.get("/search/?q=harbour&sort=price")

    # when
    same = client.get("/search/?sort=price&q=harbour")
    other = client.get("/search/?q=socks")

    # then
    assert not rendered(same)
    assert rendered(other)


def test_the_cache_can_be_turned_off(client, settings, socks):
    # given
    settings.SHOPKEEP_PAGE_CACHE = False
    client.get("/p/harbour-socks/")

    # when
    second = client.get("/p/harbour-socks/")

    # then
    assert rendered(second)


def test_a_cached_page_holds_no_csrf_token_and_sets_no_cookie(client, socks):
    # given
    client.get("/p/harbour-socks/")

    # when
    second = client.get("/p/harbour-socks/")

    # then
    assert not rendered(second)
    assert "csrfmiddlewaretoken" not in second.content.decode()
    assert not second.cookies


# Every change is on the very next request ----------------------------------------------------------------------

def _price(product):
    Variant.objects.filter(product=product).update(price=Decimal("17.00"))  # a bulk update bypasses model signals
    for variant in Variant.objects.filter(product=product):
        variant.save()  # a plain save, as from `shopkeep shell`


def _stock(product):
    stock_reserve(quantities={variant.pk: variant.stock for variant in product.variants.all()})


def _text(product):
    product.description = "Knitted by the harbour, now with a reinforced heel."
    product.save()


def _picture(product):
    ProductPicture.objects.create(product=product, width=800, height=800, sizes=[640], alt="Socks on a rope")


def _category(product):
    product.category.name = "Harbour knitwear"
    product.category.save()


CHANGES = [
    ("price", "/p/harbour-socks/", _price, "€17.00", "€12.50"),
    ("price on a listing", "/c/socks/", _price, "€17.00", "€12.50"),
    ("stock state", "/p/harbour-socks/", _stock, "Sold out", None),
    ("product text", "/p/harbour-socks/", _text, "reinforced heel", "A very comfortable product."),
    ("picture", "/p/harbour-socks/", _picture, "Socks on a rope", None),
    ("category in the menu", "/", _category, "Harbour knitwear", None),
    ("category on search", "/search/?q=harbour", _category, "Harbour knitwear", None),
]


@pytest.mark.parametrize(("path", "change", "new", "old"), [c[1:] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_a_catalogue_change_is_on_the_very_next_request(client, path, change, new, old):
    # given
    socks = product_with_sizes(name="Harbour socks", slug="harbour-socks", sizes={"S": 5, "M": 5}, price="12.50",
                               category=category_create(name="Socks", slug="socks"))
    client.get(path)
    cached = client.get(path)
    assert not rendered(cached) and new not in cached.content.decode()

    # when
    change(socks)

    # then
    html = page(client, path)
    assert new in html
    if old:
        assert old not in html


def test_a_shipping_rate_change_is_on_the_very_next_request(client):
    # given
    identity_update(changed_by=None, values=IDENTITY)
    method = shipping_method_create(zone=shipping_zone_create(), price="19.95")
    client.get("/shipping-and-returns/")
    assert not rendered(client.get("/shipping-and-returns/"))

    # when
    method.price = Decimal("24.50")
    method.save()

    # then
    html = page(client, "/shipping-and-returns/")
    assert "€24.50" in html and "€19.95" not in html


def test_a_shop_identity_change_is_on_the_very_next_request(client):
    # given
    identity_update(changed_by=None, values=IDENTITY)
    client.get("/contact/")
    assert not rendered(client.get("/contact/"))

    # when
    identity_update(changed_by=None, values={"legal_name": "Harbour Socks und Söhne GmbH"})

    # then
    assert "Harbour Socks und Söhne GmbH" in page(client, "/contact/")


def test_a_help_article_change_is_on_the_very_next_request(client):
    # given
    article = article_create(title="Washing your socks", body="Wash at 40 degrees.")
    path = f"/help/articles/{article.slug}/"
    client.get(path)
    assert not rendered(client.get(path))

    # when
    article.body = "Wash at 30 degrees, inside out."
    article.save()

    # then
    html = page(client, path)
    assert "30 degrees, inside out" in html and "40 degrees" not in html


def test_a_policy_publication_is_on_the_very_next_request(client):
    # given
    client.get("/privacy/changes/")
    assert not rendered(client.get("/privacy/changes/"))

    # when
    policy_version_create(material=True, summary="We now name our parcel carrier.")

    # then
    assert "We now name our parcel carrier." in page(client, "/privacy/changes/")


def test_every_kind_of_shop_data_a_page_shows_is_in_the_one_list():
    # given / when
    names = {model._meta.label for model in PAGE_VERSION_MODELS}

    # then
    assert names == {"pricing.ShippingZone", "pricing.ShippingMethod", "pricing.VatRate", "shop.ShopIdentity",
                     "shop.ShopPage", "support.HelpCategory", "support.HelpArticle", "privacy.PolicyVersion"}


# Per-visitor parts ----------------------------------------------------------------------------------------------

def _cart_with(socks, quantity: int):
    cart = cart_create()
    cart_add_line(cart=cart, sku=socks.variants.first().sku, quantity=quantity)
    return cart


def test_a_visitor_with_a_cart_gets_the_cached_page_with_their_own_badge_and_cart_fields(client, socks):
    # given: the page is cached from a visitor without a cart
    client.get("/p/harbour-socks/")
    ada, grace = _cart_with(socks, 2), _cart_with(socks, 3)

    # when
    client.cookies[CART_COOKIE] = ada.token
    for_ada = client.get("/p/harbour-socks/")
    client.cookies[CART_COOKIE] = grace.token
    for_grace = client.get("/p/harbour-socks/")

    # then
    assert not rendered(for_ada) and not rendered(for_grace)
    ada_html, grace_html = for_ada.content.decode(), for_grace.content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> items</span></span>' in ada_html
    assert f'name="cart" value="{ada.token}"' in ada_html
    assert f'name="cart_sig" value="{cart_signature(ada.token)}"' in ada_html
    assert '<span class="badge">3<span class="visually-hidden"> items</span></span>' in grace_html
    assert f'value="{grace.token}"' in grace_html
    assert ada.token not in grace_html and cart_signature(ada.token) not in grace_html


def test_a_page_served_from_the_cache_to_a_cart_is_the_page_the_view_renders_for_that_cart(client, socks):
    # given
    cart = _cart_with(socks, 1)
    client.cookies[CART_COOKIE] = cart.token
    rendered_for_cart = client.get("/p/harbour-socks/")  # a miss with a cart: rendered, not stored
    assert rendered(rendered_for_cart)
    del client.cookies[CART_COOKIE]
    client.get("/p/harbour-socks/")  # filled by a visitor without a cart

    # when
    client.cookies[CART_COOKIE] = cart.token
    from_cache = client.get("/p/harbour-socks/")

    # then
    assert not rendered(from_cache)
    assert from_cache.content == rendered_for_cart.content


def test_a_visitor_with_a_cart_never_fills_the_cache(client, socks):
    # given
    client.cookies[CART_COOKIE] = _cart_with(socks, 2).token
    client.get("/p/harbour-socks/")

    # when
    del client.cookies[CART_COOKIE]
    anonymous = client.get("/p/harbour-socks/")

    # then
    assert rendered(anonymous)
    assert 'class="badge"' not in anonymous.content.decode()


def test_the_filling_function_replaces_only_the_marked_parts():
    # given
    html = ('<p>before</p><!--sk-visitor:cart-badge--><!--/sk-visitor--><form>'
            '<!--sk-visitor:cart-fields--><!--/sk-visitor--></form>')

    # when
    filled = visitor_parts_fill(html, None)

    # then
    assert filled == html


# Never a cached page --------------------------------------------------------------------------------------------

def test_a_signed_in_customer_never_gets_a_cached_page(client, socks):
    # given
    client.get("/p/harbour-socks/")
    client.force_login(customer_create())

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert rendered(response)
    assert "My account" in response.content.decode()


def test_staff_never_get_a_cached_page(client, socks):
    # given
    client.get("/p/harbour-socks/")
    staff_login(client, "owner")

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert rendered(response)
    assert "Back office" in response.content.decode()


def test_a_signed_in_page_never_fills_the_cache(client, socks):
    # given
    client.force_login(customer_create())
    client.get("/p/harbour-socks/")
    client.logout()
    client.cookies.clear()

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert rendered(response)
    assert "My account" not in response.content.decode()


def test_a_cookieless_visitor_with_a_cart_in_the_address_never_gets_a_cached_page(client, settings, socks):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    cart = _cart_with(socks, 1)
    client.get("/p/harbour-socks/")
    assert not rendered(client.get("/p/harbour-socks/"))

    # when
    response = client.get(f"/p/harbour-socks/?cart={cart.token}")

    # then
    assert rendered(response)
    html = response.content.decode()
    assert f"?cart={cart.token}" in html  # its links carry the cart
    assert f'name="cart" value="{cart.token}"' in html


def test_a_page_that_used_a_csrf_token_is_never_stored():
    # given
    request = HttpRequest()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True

    # when / then
    assert not _fillable(request, HttpResponse("<form></form>"))
    assert not _fillable(HttpRequest(), HttpResponse('<input name="csrfmiddlewaretoken" value="x">'))
    assert _fillable(HttpRequest(), HttpResponse("<p>plain</p>"))


def test_a_product_picture_upload_through_the_service_is_on_the_next_request(client, socks):
    # given
    client.get("/p/harbour-socks/")
    data = io.BytesIO()
    Image.new("RGB", (700, 700), "navy").save(data, "PNG")

    # when
    picture = product_picture_add(product=socks, upload=SimpleUploadedFile("s.png", data.getvalue()), alt="Navy socks")

    # then
    assert picture.token in page(client, "/p/harbour-socks/")


def test_a_changed_setting_never_serves_a_page_made_under_the_old_one(client, settings):
    # given
    identity_update(changed_by=None, values=IDENTITY)
    settings.SHOPKEEP_RETURN_WINDOW_DAYS = 30
    client.get("/shipping-and-returns/")
    assert not rendered(client.get("/shipping-and-returns/"))

    # when
    settings.SHOPKEEP_RETURN_WINDOW_DAYS = 60

    # then
    assert "<strong>60 days</strong>" in page(client, "/shipping-and-returns/")
