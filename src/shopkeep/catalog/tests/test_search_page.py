import pytest
from django.urls import reverse

from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [product.name for product in response.context["page"].object_list]


def test_search_finds_products_by_name_and_shows_tiles(client):
    # given
    category = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Merino wool socks", slug="merino", category=category)
    product_with_sizes(name="Cotton socks", slug="cotton", category=category)

    # when
    response = client.get(reverse("catalog:search"), {"q": "wool"})

    # then
    assert response.status_code == 200
    assert _names(response) == ["Merino wool socks"]
    html = response.content.decode()
    assert "Results for “wool”" in html
    assert "1 product found" in html
    assert 'href="/p/merino/"' in html
    assert 'value="wool"' in html


def test_empty_query_asks_for_a_word(client):
    # when
    response = client.get(reverse("catalog:search"), {"q": "   "})

    # then
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "What are you looking for?" in response.content.decode()


def test_no_results_says_so_and_suggests_categories(client):
    # given
    category_create(name="Shoes", slug="shoes")

    # when
    response = client.get(reverse("catalog:search"), {"q": "unicorn"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "We found no products matching “unicorn”." in html
    assert 'href="/c/shoes/">Shoes</a>' in html


def test_search_paginates_and_keeps_the_query_in_page_links(client):
    # given
    category = category_create(slug="socks")
    for n in range(26):
        product_with_sizes(name=f"Striped sock {n:02d}", slug=f"striped-{n:02d}", category=category, sizes={"M": 1})

    # when
    first = client.get(reverse("catalog:search"), {"q": "striped"})
    second = client.get(reverse("catalog:search"), {"q": "striped", "page": "2"})

    # then
    assert len(_names(first)) == 24
    assert _names(second) == ["Striped sock 24", "Striped sock 25"]
    assert 'href="/search/?q=striped&amp;page=2" rel="next"' in first.content.decode()


def test_search_can_be_sorted(client):
    # given
    category = category_create(slug="socks")
    product_with_sizes(name="Sock A", slug="a", category=category, price="5.00")
    product_with_sizes(name="Sock B", slug="b", category=category, price="9.00")

    # when
    response = client.get(reverse("catalog:search"), {"q": "sock", "sort": "-price"})

    # then
    assert _names(response) == ["Sock B", "Sock A"]
    assert '<input type="hidden" name="q" value="sock">' in response.content.decode()


def test_very_long_query_is_cut_not_refused(client):
    # when
    response = client.get(reverse("catalog:search"), {"q": "x" * 5000})

    # then
    assert response.status_code == 200
    assert response.context["query"] == "x" * 100
