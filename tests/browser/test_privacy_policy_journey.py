"""A visitor reads the privacy policy on a wide screen and on a phone: the summary first, the sections, the
detail table folded away and fitting the screen, and the promises page in plain language."""

import io

import pytest
from django.core.management import call_command

from shopkeep.shop.services import DEMO_IDENTITY
from shopkeep.testing.browser import expect, page_width, wide_elements

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def demo_shop(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["1280px", "390px"])
def test_the_policy_reads_from_a_summary_and_never_scrolls_sideways(page, live_server, demo_shop, screenshot,
                                                                     width, height):
    # given a visitor on the home page of a freshly seeded shop
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/")

    # when they open the privacy notice from the footer
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()

    # then the page is a published version, opens with the summary, and names who runs the shop
    expect()(page.get_by_role("heading", level=1, name="Privacy policy")).to_be_visible()
    expect()(page.get_by_text("Version 1, published")).to_be_visible()
    expect()(page.get_by_role("heading", level=2, name="In short")).to_be_visible()
    expect()(page.get_by_role("heading", level=2, name="Who we are")).to_be_visible()
    expect()(page.get_by_text(DEMO_IDENTITY["legal_name"]).first).to_be_visible()
    assert page_width(page) <= width, wide_elements(page, width)
    page.screenshot(path=screenshot(page, f"privacy-{width}-1-summary"), full_page=False)

    # and the detail tables (each kind of data; each recipient and where it is), unfolded, still fit the screen
    page.get_by_text("Show the table").click()
    expect()(page.locator(".stack-table").first).to_be_visible()
    page.get_by_text("Show who receives your data").click()
    expect()(page.locator(".stack-table").nth(1)).to_be_visible()
    assert page_width(page) <= width, wide_elements(page, width)
    page.locator("#details").scroll_into_view_if_needed()
    page.screenshot(path=screenshot(page, f"privacy-{width}-2-details"), full_page=False)
    screenshot(page, f"privacy-{width}-3-full")

    # and the promises page reads as plain language, with the tests folded away for auditors
    page.goto(f"{live_server.url}/privacy/promises/")
    expect()(page.get_by_role("heading", level=1, name="Our privacy promises")).to_be_visible()
    expect()(page.locator(".promise-status.kept").first).to_be_visible()
    expect()(page.locator("details code").first).to_be_hidden()
    assert page_width(page) <= width, wide_elements(page, width)
    page.screenshot(path=screenshot(page, f"privacy-{width}-4-promises"), full_page=False)
