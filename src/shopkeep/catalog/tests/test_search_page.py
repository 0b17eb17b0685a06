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


@pytest.fixture
def socks_and_shoes():
    socks = category_create(name="Socks", slug="socks")
    shoes = category_create(name="Shoes", slug="shoes")
    product_with_sizes(name="Merino Socks", slug="merino", category=socks, sizes={"S": 0, "M": 4}, price="15.00")
    product_with_sizes(name="Crew Socks", slug="crew", category=socks, sizes={"M": 2, "L": 0}, price="25.00")
    product_with_sizes(name="Trail Boots", slug="boots", category=shoes, sizes={"EU 40": 1}, price="120.00")
    return socks


def test_a_misspelt_search_shows_the_right_results_and_offers_did_you_mean_as_a_link(client, socks_and_shoes):
    # when
    response = client.get(reverse("catalog:search"), {"q": "sokcs"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(_names(response)) == ["Crew Socks", "Merino Socks"]
    assert 'Did you mean <a href="/search/?q=socks">socks</a>?' in html
    assert "Nothing matched “sokcs”." in html


def test_search_results_rank_the_name_first_and_find_prefixes(client, socks_and_shoes):
    # when
    response = client.get(reverse("catalog:search"), {"q": "mer"})

    # then
    assert _names(response) == ["Merino Socks"]


def test_search_page_shows_facets_with_counts_in_a_get_form(client, socks_and_shoes):
    # when
    response = client.get(reverse("catalog:search"), {"q": "socks"})

    # then
    html = response.content.decode()
    assert '<form class="facets-form" method="get" action="/search/"' in html
    assert '<input type="hidden" name="q" value="socks">' in html
    assert '<input type="checkbox" name="size" value="M"> <span>M</span> <span class="facet-count">2' in html
    assert '<input type="radio" name="price" value="0-20"> <span>Under €20.00</span> <span class="facet-count">1' in html
    assert '<input type="checkbox" name="in_stock" value="1"> <span>In stock only</span> <span class="facet-count">2' in html


def test_search_facets_filter_and_keep_the_choice_in_sorting_and_paging(client, socks_and_shoes):
    # when
    response = client.get(reverse("catalog:search"), {"q": "socks", "price": "20-50", "in_stock": "1"})

    # then
    html = response.content.decode()
    assert _names(response) == ["Crew Socks"]
    assert '<input type="radio" name="price" value="20-50" checked>' in html
    assert '<input type="checkbox" name="in_stock" value="1" checked>' in html
    assert '<input type="hidden" name="price" value="20-50">' in html  # the sort form keeps the filters
    assert 'href="/search/?q=socks">Clear filters</a>' in html


def test_filters_that_match_nothing_say_so_and_offer_to_clear_them(client, socks_and_shoes):
    # when
    response = client.get(reverse("catalog:search"), {"q": "socks", "size": "S", "in_stock": "1"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "No products match these filters" in html
    assert '<input type="checkbox" name="size" value="S" checked>' in html


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "-socks", "a:b", "'", "&|!", "\\", "%_"])
def test_search_operators_are_plain_text(client, socks_and_shoes, query):
    # when
    response = client.get(reverse("catalog:search"), {"q": query})

    # then
    assert response.status_code == 200
