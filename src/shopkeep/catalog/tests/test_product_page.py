from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.catalog.models import Product, ProductDocument
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db


def test_product_page_shows_breadcrumb_image_name_price_and_description(client):
    # given
    category = category_create(name="Socks", slug="socks")
    product = product_with_sizes(name="Wool socks", slug="wool-socks", category=category, price="12.50")
    Product.objects.filter(pk=product.pk).update(description="Warm merino wool.")

    # when
    response = client.get(reverse("catalog:product", args=["wool-socks"]))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<li><a href="/c/socks/">Socks</a></li>' in html
    assert '<span aria-current="page">Wool socks</span>' in html
    assert "<h1>Wool socks</h1>" in html
    assert 'alt="Picture of Wool socks" width="600" height="600"' in html
    assert '<p class="product-price price">€12.50</p>' in html
    assert "<p>Warm merino wool.</p>" in html


def test_sizes_are_radio_buttons_with_sold_out_disabled_and_low_stock_labelled(client):
    # given
    product_with_sizes(slug="socks", sizes={"S": 0, "M": 2, "L": 3, "XL": 4})

    # when
    html = client.get(reverse("catalog:product", args=["socks"])).content.decode()

    # then
    assert '<legend>Choose your size</legend>' in html
    assert '<input type="radio" name="sku" value="SOCKS-S" disabled>' in html
    assert '<span class="stock-out">Sold out</span>' in html
    assert '<input type="radio" name="sku" value="SOCKS-M" required>' in html
    assert '<span class="stock-low">Only 2 left</span>' in html
    assert '<span class="stock-low">Only 3 left</span>' in html
    assert "Only 4 left" not in html
    assert html.count('type="radio"') == 4


def test_add_to_cart_form_posts_sku_and_quantity_to_the_cart(client):
    # given
    product_with_sizes(slug="socks", sizes={"M": 5})

    # when
    html = client.get(reverse("catalog:product", args=["socks"])).content.decode()

    # then
    assert '<form class="buy-form" method="post" action="/cart/add/">' in html
    assert '<label for="quantity">Quantity</label>' in html
    assert 'name="quantity" type="number" inputmode="numeric" min="1" max="99" value="1" required' in html
    assert '<button type="submit" class="button-large">Add to cart</button>' in html
    assert "csrfmiddlewaretoken" not in html


def test_product_without_sizes_just_shows_the_button(client):
    # given
    product = product_create(slug="cable", kind="electronics")
    variant_create(product=product, sku="CABLE-1", size="", price="9.99", stock=50)

    # when
    html = client.get(reverse("catalog:product", args=["cable"])).content.decode()

    # then
    assert 'type="radio"' not in html
    assert "Choose your size" not in html
    assert '<input type="hidden" name="sku" value="CABLE-1">' in html
    assert "Add to cart" in html


def test_sold_out_product_says_so_and_offers_no_button(client):
    # given
    product_with_sizes(slug="socks", sizes={"S": 0, "M": 0})

    # when
    html = client.get(reverse("catalog:product", args=["socks"])).content.decode()

    # then
    assert "<strong>Sold out.</strong>" in html
    assert "Add to cart" not in html


def test_sizes_with_different_prices_show_each_price(client):
    # given
    product = product_create(slug="boots", kind="shoes")
    variant_create(product=product, sku="B-40", size="40", price="80.00", position=0)
    variant_create(product=product, sku="B-46", size="46", price="95.00", position=1)

    # when
    html = client.get(reverse("catalog:product", args=["boots"])).content.decode()

    # then
    assert '<p class="product-price price"><span class="price-from">from </span>€80.00</p>' in html
    assert '<span class="size-price">€95.00</span>' in html


def test_inactive_product_is_404(client):
    # given
    product_create(slug="old-socks", is_active=False)

    # when
    response = client.get(reverse("catalog:product", args=["old-socks"]))

    # then
    assert response.status_code == 404
    assert "Sorry, we can’t find that page" in response.content.decode()


def test_unknown_product_is_404(client):
    # when
    response = client.get("/p/no-such-product/")

    # then
    assert response.status_code == 404


def test_without_the_page_cache_the_product_page_shows_every_catalogue_change_at_once(client, settings):
    # given: the product with its category and variants is kept between requests under the catalogue's version
    settings.SHOPKEEP_PAGE_CACHE = False
    product = product_with_sizes(name="Wool socks", slug="wool-socks", price="12.50", sizes={"M": 5})
    url = reverse("catalog:product", args=["wool-socks"])
    assert "€12.50" in client.get(url).content.decode()

    # when
    variant = product.variants.get()
    variant.price, variant.stock = Decimal("14.00"), 2
    variant.save()

    # then
    html = client.get(url).content.decode()
    assert "€14.00" in html and "€12.50" not in html
    assert "Only 2 left" in html

    # when
    document = ProductDocument.objects.create(product=product, title="Care guide", filename="care-guide.pdf",
                                              file="product-documents/care.pdf", size=2048)

    # then
    assert "Care guide" in client.get(url).content.decode()

    # when
    document.delete()
    category = product.category
    category.name = "Warm socks"
    category.save()

    # then
    html = client.get(url).content.decode()
    assert "Care guide" not in html
    assert ">Warm socks</a></li>" in html

    # when
    product.refresh_from_db()
    product.is_active = False
    product.save()

    # then
    assert client.get(url).status_code == 404
