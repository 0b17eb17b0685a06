"""Search and facets in a real browser (headless Chromium) at phone width (390 px): a shopper misspells
"socks", follows the "Did you mean" link, opens the filters, picks a size, a price range and "in stock",
and sees only what fits; then the category page with its filter sidebar at desktop width (1280 px)."""

import pytest
from django.urls import reverse

from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.testing.browser import expect, heading

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def catalogue(transactional_db):
    socks = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Merino Socks", slug="merino", category=socks, sizes={"S": 0, "M": 4}, price="15.00")
    product_with_sizes(name="Striped Crew Socks", slug="crew", category=socks, sizes={"M": 2, "L": 0},
                       price="25.00")
    product_with_sizes(name="Bamboo Ankle Socks", slug="bamboo", category=socks, sizes={"S": 3, "M": 0},
                       price="9.00")
    product_with_sizes(name="Trail Boots", slug="boots", category=category_create(name="Shoes", slug="shoes"),
                       sizes={"EU 40": 1}, price="120.00")
    return socks


def test_a_shopper_on_a_phone_corrects_a_typo_and_narrows_the_results_with_facets(
        page, live_server, catalogue, screenshot):
    check = expect()
    page.set_viewport_size({"width": 390, "height": 844})

    # given a misspelt search from the home page
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").first.fill("sokcs")
    page.get_by_role("searchbox").first.press("Enter")

    # then the socks are shown, with an offer of the right spelling
    check(heading(page, "Results for “socks”")).to_be_visible()
    check(page.get_by_text("Did you mean")).to_be_visible()
    check(page.locator(".tile")).to_have_count(3)
    screenshot(page, "search-typo-390")
    page.get_by_role("link", name="socks", exact=True).click()
    check(heading(page, "Results for “socks”")).to_be_visible()

    # when the filters are opened and a size, a price range and "in stock" chosen
    page.get_by_text("Filter", exact=True).click()
    form = page.get_by_role("form", name="Filter products")
    check(form).to_be_visible()
    form.get_by_role("checkbox", name="M").check()
    form.get_by_role("radio", name="Under €20.00").check()
    form.get_by_role("checkbox", name="In stock only").check()
    screenshot(page, "search-facets-open-390")
    form.get_by_role("button", name="Show results").click()

    # then only the merino socks fit, and the chosen filters stay chosen and visible
    check(page.locator(".tile")).to_have_count(1)
    check(page.locator(".tile-name")).to_have_text("Merino Socks")
    check(page.get_by_role("checkbox", name="M")).to_be_checked()
    check(page.get_by_text("(3 chosen)")).to_be_visible()
    screenshot(page, "search-facets-applied-390")

    # when the filters are cleared
    page.get_by_role("link", name="Clear filters").first.click()

    # then all socks are back
    check(page.locator(".tile")).to_have_count(3)


def test_the_category_page_shows_its_filters_beside_the_products_at_desktop_width(
        page, live_server, catalogue, screenshot):
    check = expect()

    # when
    page.goto(live_server.url + reverse("catalog:category", args=["socks"]))

    # then the filters are open in a sidebar, no click needed
    form = page.get_by_role("form", name="Filter products")
    check(form).to_be_visible()
    check(page.get_by_text("Filter", exact=True)).to_be_hidden()
    form.get_by_role("checkbox", name="S 2 products", exact=True).check()
    form.get_by_role("button", name="Show results").click()
    check(page.locator(".tile")).to_have_count(2)
    screenshot(page, "category-facets-1280")
