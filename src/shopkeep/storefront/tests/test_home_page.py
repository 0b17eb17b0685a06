import pytest
from django.urls import reverse

from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


def test_home_page_welcomes_and_shows_categories_and_new_products(client):
    # given
    socks = category_create(name="Socks", slug="socks", position=0)
    shoes = category_create(name="Shoes", slug="shoes", position=1)
    category_create(name="Empty", slug="empty", position=2)
    product_with_sizes(name="Wool socks", slug="wool", category=socks)
    product_with_sizes(name="Trainers", slug="trainers", category=shoes, kind="shoes")

    # when
    response = client.get(reverse("storefront:home"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="hero-title">Good things, sold honestly.</h1>' in html
    assert [c.slug for c in response.context["categories"]] == ["socks", "shoes"]
    assert '<span class="category-name">Socks</span>' in html
    assert '<a href="/p/trainers/">Trainers</a>' in html
    assert '<a href="/p/wool/">Wool socks</a>' in html
    assert [p.name for p in response.context["products"]] == ["Trainers", "Wool socks"]


def test_home_page_shows_at_most_eight_new_products(client):
    # given
    category = category_create(slug="socks")
    for n in range(10):
        product_with_sizes(name=f"Sock {n}", slug=f"sock-{n}", category=category)

    # when
    response = client.get(reverse("storefront:home"))

    # then
    assert len(response.context["products"]) == 8


def test_home_page_of_an_empty_shop_still_renders(client):
    # when
    response = client.get(reverse("storefront:home"))

    # then
    assert response.status_code == 200
    assert "Our shelves are being stocked." in response.content.decode()


def test_home_page_uses_few_queries(client, django_assert_max_num_queries):
    # given
    for c in range(6):
        category = category_create(slug=f"cat-{c}")
        for n in range(5):
            product_with_sizes(slug=f"p-{c}-{n}", category=category)

    # then
    with django_assert_max_num_queries(5):
        client.get(reverse("storefront:home"))
