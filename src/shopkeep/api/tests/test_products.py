import pytest

from shopkeep.catalog.images import image_version
from shopkeep.catalog.tests.factories import category_create, product_create, product_with_sizes, variant_create

pytestmark = pytest.mark.django_db

BASE = "https://shop.example"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.SHOPKEEP_BASE_URL = BASE


@pytest.fixture
def socks_category():
    return category_create(name="Socks", slug="socks")


def test_product_list_shows_each_active_product_with_its_variants_and_decimal_string_prices(client, socks_category):
    # given
    product = product_with_sizes(name="Stripy Socks", slug="stripy-socks", category=socks_category,
                                 sizes={"S": 3, "M": 0}, price="12.50")
    product.refresh_from_db()

    # when
    response = client.get("/api/v1/products")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 24,
        "results": [
            {
                "slug": "stripy-socks",
                "name": "Stripy Socks",
                "category": "socks",
                "description": "A very comfortable product.",
                "url": f"{BASE}/p/stripy-socks/",
                "image_url": f"{BASE}/p/stripy-socks/image.svg?v={image_version(product.updated_at)}",
                "variants": [
                    {"sku": "STRIPY-SOCKS-S", "size": "S", "price": "12.50", "currency": "EUR", "in_stock": True},
                    {"sku": "STRIPY-SOCKS-M", "size": "M", "price": "12.50", "currency": "EUR", "in_stock": False},
                ],
            }
        ],
    }


def test_product_list_leaves_out_inactive_products(client):
    # given
    product_with_sizes(slug="on-sale")
    hidden = product_with_sizes(slug="withdrawn")
    hidden.is_active = False
    hidden.save()

    # when
    response = client.get("/api/v1/products")

    # then
    assert [product["slug"] for product in response.json()["results"]] == ["on-sale"]


def test_product_list_searches_filters_by_category_and_sorts_by_price(client, socks_category):
    # given
    shoes = category_create(name="Shoes", slug="shoes")
    product_with_sizes(name="Wool Socks Dear", slug="wool-dear", category=socks_category, price="20.00")
    product_with_sizes(name="Wool Socks Cheap", slug="wool-cheap", category=socks_category, price="5.00")
    product_with_sizes(name="Cotton Socks", slug="cotton", category=socks_category, price="1.00")
    product_with_sizes(name="Wool Shoes", slug="wool-shoes", category=shoes, price="2.00")

    # when
    response = client.get("/api/v1/products", {"q": "wool", "category": "socks", "sort": "-price"})

    # then
    assert response.status_code == 200
    assert [product["slug"] for product in response.json()["results"]] == ["wool-dear", "wool-cheap"]
    assert response.json()["count"] == 2


def test_product_list_pages_through_the_catalogue(client):
    # given
    for n in range(5):
        product_with_sizes(name=f"Sock {n}", slug=f"sock-{n}")

    # when
    response = client.get("/api/v1/products", {"page": 3, "page_size": 2})

    # then
    body = response.json()
    assert (body["count"], body["page"], body["pages"], body["page_size"]) == (5, 3, 3, 2)
    assert [product["slug"] for product in body["results"]] == ["sock-4"]


def test_product_list_needs_the_same_few_queries_for_one_product_or_fifty(client, django_assert_max_num_queries):
    # given
    for n in range(50):
        product_with_sizes(slug=f"sock-{n}", sizes={"S": 1, "M": 1, "L": 1})

    # when (the catalogue version, count, the page's ids, its products with prices and stock, their variants)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/products", {"page_size": 50})

    # then
    assert len(response.json()["results"]) == 50


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"page_size": 101}, "page_size", "Must be at most 100."),
        ({"page_size": 0}, "page_size", "Must be at least 1."),
        ({"page": 0}, "page", "Must be at least 1."),
        ({"page": "two"}, "page", "Must be a whole number."),
        ({"sort": "popularity"}, "sort", "Must be one of 'relevance', 'name', 'price', '-price' or 'new'."),
        ({"q": "so\x00cks"}, "q", "Text must not contain NUL characters."),
    ],
)
def test_product_list_refuses_bad_parameters_with_the_field_and_a_reason(client, query, field, message):
    # when
    response = client.get("/api/v1/products", query)

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": "Please correct the highlighted fields.", "errors": {field: message}}


def test_product_list_answers_404_for_an_unknown_category(client):
    # when
    response = client.get("/api/v1/products", {"category": "hats"})

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no category 'hats'.", "errors": {"category": "Unknown category."}}


def test_product_list_answers_404_past_the_last_page(client):
    # given
    product_with_sizes()

    # when
    response = client.get("/api/v1/products", {"page": 2})

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 2; the last page is 1.",
                               "errors": {"page": "Must be at most 1."}}


def test_product_detail_shows_one_product_with_variants(client):
    # given
    product = product_create(name="USB Cable", slug="usb-cable", category=category_create(slug="cables"))
    variant_create(product=product, sku="USB-1", price="7.5", stock=2)

    # when
    response = client.get("/api/v1/products/usb-cable")

    # then
    assert response.status_code == 200
    assert response.json()["variants"] == [
        {"sku": "USB-1", "size": "", "price": "7.50", "currency": "EUR", "in_stock": True}
    ]
    assert response.json()["category"] == "cables"


@pytest.mark.parametrize("slug", ["no-such-product", "withdrawn"])
def test_product_detail_answers_404_for_an_unknown_or_inactive_product(client, slug):
    # given
    product_create(slug="withdrawn", is_active=False)

    # when
    response = client.get(f"/api/v1/products/{slug}")

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": f"There is no product {slug!r}.", "errors": {}}
