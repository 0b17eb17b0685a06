from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [product.name for product in response.context["page"].object_list]


def test_category_page_lists_active_products_of_the_category_as_tiles(client):
    # given
    socks = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Wool socks", slug="wool-socks", category=socks, price="12.50")
    hidden = product_with_sizes(name="Hidden socks", slug="hidden-socks", category=socks)
    Product.objects.filter(pk=hidden.pk).update(is_active=False)
    product_with_sizes(name="Running shoes", slug="running-shoes", category=category_create(slug="shoes"))

    # when
    response = client.get(reverse("catalog:category", args=["socks"]))

    # then
    assert response.status_code == 200
    assert _names(response) == ["Wool socks"]
    html = response.content.decode()
    assert "<h1>Socks</h1>" in html
    assert 'href="/p/wool-socks/"' in html
    assert 'src="/p/wool-socks/image.svg?v=' in html
    assert 'alt="Wool socks" width="400" height="400"' in html
    assert "€12.50" in html
    assert 'aria-current="page">Socks</a>' in html


def test_tile_says_from_when_sizes_have_different_prices(client):
    # given
    category = category_create(slug="shoes")
    product = product_create(name="Boots", slug="boots", category=category)
    variant_create(product=product, size="40", price="80.00")
    variant_create(product=product, size="46", price="95.00")

    # when
    html = client.get(reverse("catalog:category", args=["shoes"])).content.decode()

    # then
    assert '<span class="price"><span class="price-from">from </span>€80.00</span>' in html


def test_tile_shows_sold_out_low_stock_and_in_stock(client):
    # given
    category = category_create(slug="socks")
    product_with_sizes(name="A gone", slug="a-gone", category=category, sizes={"S": 0, "M": 0})
    product_with_sizes(name="B few", slug="b-few", category=category, sizes={"S": 1, "M": 2})
    product_with_sizes(name="C plenty", slug="c-plenty", category=category, sizes={"S": 9})

    # when
    html = client.get(reverse("catalog:category", args=["socks"])).content.decode()

    # then
    assert html.count('<span class="stock-out">Sold out</span>') == 1
    assert '<span class="stock-low">Only 3 left</span>' in html
    assert html.count('<span class="stock-ok">In stock</span>') == 1


def test_category_page_shows_24_products_per_page_with_pagination(client):
    # given
    category = category_create(slug="socks")
    for n in range(30):
        product_with_sizes(name=f"Sock {n:02d}", slug=f"sock-{n:02d}", category=category, sizes={"M": 3})

    # when
    first = client.get(reverse("catalog:category", args=["socks"]))
    second = client.get(reverse("catalog:category", args=["socks"]), {"page": "2"})

    # then
    assert _names(first) == [f"Sock {n:02d}" for n in range(24)]
    assert _names(second) == [f"Sock {n:02d}" for n in range(24, 30)]
    assert 'href="/c/socks/?page=2" rel="next"' in first.content.decode()
    assert 'href="/c/socks/?page=1" rel="prev"' in second.content.decode()
    assert "30 products · page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(("page", "expected_page"), [("0", 2), ("99", 2), ("-1", 2), ("abc", 1), ("", 1), ("1e3", 1)])
def test_bad_page_numbers_show_the_nearest_real_page(client, page, expected_page):
    # given
    category = category_create(slug="socks")
    for n in range(25):
        product_with_sizes(name=f"Sock {n:02d}", slug=f"sock-{n:02d}", category=category, sizes={"M": 3})

    # when
    response = client.get(reverse("catalog:category", args=["socks"]), {"page": page})

    # then
    assert response.status_code == 200
    assert response.context["page"].number == expected_page


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Apple", "Banana", "Cherry"]),
        ("price", ["Banana", "Cherry", "Apple"]),
        ("-price", ["Apple", "Cherry", "Banana"]),
        ("new", ["Cherry", "Banana", "Apple"]),
        ("bogus", ["Apple", "Banana", "Cherry"]),
    ],
)
def test_category_page_sorts_by_name_price_and_newest(client, sort, expected):
    # given
    category = category_create(slug="socks")
    for age, (name, price) in enumerate([("Cherry", "20.00"), ("Banana", "10.00"), ("Apple", "30.00")]):
        product = product_with_sizes(name=name, slug=name.lower(), category=category, price=price, sizes={"M": 5})
        Product.objects.filter(pk=product.pk).update(created_at=timezone.now() - timedelta(days=age))

    # when
    response = client.get(reverse("catalog:category", args=["socks"]), {"sort": sort})

    # then
    assert response.status_code == 200
    assert _names(response) == expected


def test_sort_form_works_without_javascript_and_keeps_the_choice(client):
    # given
    category = category_create(slug="socks")
    product_with_sizes(name="Wool", slug="wool", category=category)

    # when
    html = client.get(reverse("catalog:category", args=["socks"]), {"sort": "-price"}).content.decode()

    # then
    assert '<form class="sort-form" method="get" action="/c/socks/">' in html
    assert '<label for="sort">Sort by</label>' in html
    assert '<option value="-price" selected>Price: high to low</option>' in html
    assert '<button type="submit" class="button-secondary">Sort</button>' in html


def test_pagination_links_keep_the_sort_order(client):
    # given
    category = category_create(slug="socks")
    for n in range(25):
        product_with_sizes(name=f"Sock {n:02d}", slug=f"sock-{n:02d}", category=category, sizes={"M": 3})

    # when
    html = client.get(reverse("catalog:category", args=["socks"]), {"sort": "price"}).content.decode()

    # then
    assert 'href="/c/socks/?sort=price&amp;page=2" rel="next"' in html


def test_empty_category_says_so(client):
    # given
    category_create(name="Hats", slug="hats")

    # when
    response = client.get(reverse("catalog:category", args=["hats"]))

    # then
    assert response.status_code == 200
    assert "There are no products in Hats at the moment." in response.content.decode()


def test_unknown_category_is_404(client):
    # when
    response = client.get("/c/no-such-category/")

    # then
    assert response.status_code == 404
    assert "Sorry, we can’t find that page" in response.content.decode()


def test_category_page_refuses_post(client):
    # given
    category_create(slug="socks")

    # when
    response = client.post(reverse("catalog:category", args=["socks"]), HTTP_SEC_FETCH_SITE="same-origin")

    # then
    assert response.status_code == 405


def test_tile_price_uses_the_shop_currency_format(client):
    # given
    category = category_create(slug="tech")
    product = product_create(name="Cable", slug="cable", category=category, kind="electronics")
    variant_create(product=product, price=Decimal("1234.50"))

    # when
    html = client.get(reverse("catalog:category", args=["tech"])).content.decode()

    # then
    assert "€1,234.50" in html


def test_category_page_filters_by_size_price_and_stock_with_counts(client):
    # given
    category = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Merino", slug="merino", category=category, sizes={"S": 0, "M": 4}, price="15.00")
    product_with_sizes(name="Crew", slug="crew", category=category, sizes={"M": 2, "L": 0}, price="25.00")
    product_with_sizes(name="Other", slug="other", category=category_create(slug="other"), sizes={"M": 1})

    # when
    everything = client.get(reverse("catalog:category", args=["socks"]))
    large = client.get(reverse("catalog:category", args=["socks"]), {"size": "L"})
    large_in_stock = client.get(reverse("catalog:category", args=["socks"]), {"size": "L", "in_stock": "1"})

    # then
    html = everything.content.decode()
    assert '<input type="checkbox" name="size" value="M"> <span>M</span> <span class="facet-count">2' in html
    assert '<input type="checkbox" name="size" value="L"> <span>L</span> <span class="facet-count">1' in html
    assert [p.name for p in large.context["page"].object_list] == ["Crew"]
    assert "2 products" in html and "1 product" in large.content.decode()
    assert list(large_in_stock.context["page"].object_list) == []
    assert "No products match these filters" in large_in_stock.content.decode()
