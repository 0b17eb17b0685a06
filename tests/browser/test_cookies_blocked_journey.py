"""A visitor whose browser blocks cookies adds socks to the cart: the shop explains and offers the cart in the page
address, and the cart keeps working there (phone and wide screen)."""

import pytest

from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.testing.browser import expect, page_width

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def block_cookies(page) -> None:
    """Forget every cookie before each request, so none is ever sent back, as a browser that blocks cookies."""
    def handle(route):
        page.context.clear_cookies()
        response = route.fetch(max_redirects=0)
        page.context.clear_cookies()  # the fetch shares the context's cookie jar
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        route.fulfill(response=response, headers=headers)
    page.route("**/*", handle)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["1280px", "390px"])
def test_blocked_cookies_are_explained_and_the_cart_continues_in_the_address(page, live_server, transactional_db,
                                                                             settings, screenshot, width, height):
    # given cookie mode, a product, and a browser that blocks cookies
    settings.SHOPKEEP_COOKIES = "necessary"
    socks = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Merino Socks", slug="merino-socks", category=socks, sizes={"M": 5})
    page.set_viewport_size({"width": width, "height": height})
    block_cookies(page)
    page.goto(f"{live_server.url}/p/merino-socks/")

    # when the visitor picks a size and adds the socks to the cart
    page.locator("input[name=sku]").first.check(force=True)
    page.get_by_role("button", name="Add to cart").click()

    # then the cart page says cookies are blocked instead of "empty", and offers the cart in the address
    expect()(page.get_by_role("heading", name="Your browser blocks cookies")).to_be_visible()
    assert page.get_by_text("Your cart is empty").count() == 0
    assert page_width(page) <= width
    page.screenshot(path=screenshot(page, f"cookies-blocked-{width}-1-explained"), full_page=False)
    page.get_by_role("link", name="Continue with your cart in the page address").click()

    # and the cart is there, with the checkout a click away
    expect()(page.get_by_role("link", name="Merino Socks").first).to_be_visible()
    assert "cart=" in page.url
    page.screenshot(path=screenshot(page, f"cookies-blocked-{width}-2-cart-in-address"), full_page=False)
    page.get_by_role("link", name="Checkout").click()
    expect()(page.get_by_role("heading", level=1, name="Your details")).to_be_visible()
    page.unroute_all(behavior="ignoreErrors")
