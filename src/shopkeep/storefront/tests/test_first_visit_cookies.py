import pytest

from shopkeep.catalog.tests.factories import category_create, product_with_sizes

pytestmark = pytest.mark.django_db


@pytest.mark.promise("P-06")
@pytest.mark.parametrize(
    "url", ["/", "/c/socks-cat/", "/p/socks/", "/p/socks/image.svg", "/search/", "/search/?q=sock", "/cart/",
            "/c/nothing/", "/p/nothing/"]
)
def test_first_visit_to_a_storefront_page_sets_no_cookie(client, url):
    # given
    category_create(slug="socks-cat")
    product_with_sizes(slug="socks")

    # when
    response = client.get(url)

    # then
    assert response.status_code in (200, 404)
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in response.content.decode(errors="replace")


@pytest.mark.promise("P-06")
def test_storefront_pages_keep_the_referrer_on_the_site_in_cookie_mode(client):
    # when
    response = client.get("/")

    # then
    assert response["Referrer-Policy"] == "same-origin"
