"""A guest finds the returns policy from a product page in two clicks (footer, then the page), on a wide screen
and on a phone; the product page lists its documents and marks its outbound link (P-42)."""

import re

import pytest

from shopkeep.catalog.models import Product
from shopkeep.catalog.documents import product_document_add
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.shop.services import DEMO_IDENTITY, identity_update
from shopkeep.storefront.management.commands._demo_documents import DEMO_DOCUMENTS, demo_pdf
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
    identity_update(changed_by=None, values={**DEMO_IDENTITY, "authority_name": "", "authority_url": ""})
    shoes = category_create(name="Shoes", slug="shoes")
    product = product_with_sizes(name="Lightweight Running Shoes", slug="lightweight-running-shoes", category=shoes,
                                 kind="shoes", sizes={"EU 40": 3, "EU 42": 3}, price="85.00")
    Product.objects.filter(pk=product.pk).update(description=(
        "Responsive foam and a breathable knit upper. How the foam is made: "
        "[EVA foam on Wikipedia](https://en.wikipedia.org/wiki/Ethylene-vinyl_acetate)."))
    _slug, title, kind, filename, heading, lines = DEMO_DOCUMENTS[0]
    product_document_add(product=product, title=title, kind=kind, upload=SimpleUploadedFile(
        filename, demo_pdf(title=heading, lines=lines), content_type="application/pdf"))
    return product


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.mark.promise("P-42")
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["1280px", "390px"])
def test_a_guest_finds_the_returns_policy_from_a_product_page_in_two_clicks(page, live_server, shop, screenshot,
                                                                             width, height):
    # given a guest on a product page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/p/lightweight-running-shoes/")
    expect()(page.get_by_role("heading", level=1, name="Lightweight Running Shoes")).to_be_visible()
    expect()(page.get_by_role("link", name="Size chart")).to_be_visible()
    outbound = page.get_by_role("link", name=re.compile(r"EVA foam on Wikipedia \(opens another site\)"))
    expect()(outbound).to_have_attribute("rel", "noopener noreferrer")
    screenshot(page, f"shop-pages-{width}-1-product")

    # when: click 1, the footer's customer-service link
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Shipping and returns").click()

    # then the returns policy is on the page that opens
    expect()(page.get_by_role("heading", level=1, name="Shipping and returns")).to_be_visible()
    expect()(page.get_by_role("heading", level=2, name="Returns", exact=True)).to_be_visible()
    expect()(page.get_by_text("You can return or exchange items within 14 days of delivery.")).to_be_visible()
    expect()(page.get_by_text("Kestrel & Finch Returns")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"shop-pages-{width}-2-shipping-and-returns")
    page.get_by_role("heading", level=2, name="Returns", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=screenshot(page, f"shop-pages-{width}-2-returns-on-screen"), full_page=False)

    # and click 2 reaches the withdrawal information and its model form from there
    page.get_by_role("main").get_by_role("link", name="Right of withdrawal").first.click()
    expect()(page.get_by_role("heading", level=2, name="Model withdrawal form")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"shop-pages-{width}-3-withdrawal")
    page.screenshot(path=screenshot(page, f"shop-pages-{width}-3-withdrawal-on-screen"), full_page=False)
    page.goto(f"{live_server.url}/contact/")
    expect()(page.get_by_text("Kestrel & Finch Retail Ltd")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"shop-pages-{width}-4-contact")
