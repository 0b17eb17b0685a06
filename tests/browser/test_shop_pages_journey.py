"""A guest finds the returns policy from a product page in two clicks (footer, then the page), on a wide screen
and on a phone; the product page lists its documents and marks its outbound link (P-42)."""

import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.catalog.documents import product_document_add
from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.shop.services import DEMO_IDENTITY, identity_update
from shopkeep.storefront.management.commands._demo_documents import DEMO_DOCUMENTS, demo_pdf
from shopkeep.testing.browser import expect, page_width
from shopkeep.testing.staff import staff_browser_login

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
    assert page_width(page) <= width
    screenshot(page, f"shop-pages-{width}-2-shipping-and-returns")
    page.get_by_role("heading", level=2, name="Returns", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=screenshot(page, f"shop-pages-{width}-2-returns-on-screen"), full_page=False)

    # and click 2 reaches the withdrawal information and its model form from there
    page.get_by_role("main").get_by_role("link", name="Right of withdrawal").first.click()
    expect()(page.get_by_role("heading", level=2, name="Model withdrawal form")).to_be_visible()
    assert page_width(page) <= width
    screenshot(page, f"shop-pages-{width}-3-withdrawal")
    page.screenshot(path=screenshot(page, f"shop-pages-{width}-3-withdrawal-on-screen"), full_page=False)
    page.goto(f"{live_server.url}/contact/")
    expect()(page.get_by_text(DEMO_IDENTITY["legal_name"]).first).to_be_visible()
    assert page_width(page) <= width
    screenshot(page, f"shop-pages-{width}-4-contact")


def test_the_owner_sets_the_shops_identity_and_uploads_a_document_in_the_back_office(page, live_server, shop,
                                                                                     screenshot, tmp_path):
    # given the owner, logged in
    staff_create(email="owner@harbour-socks.example", role=Role.OWNER, password="a long staff password 1")
    staff_browser_login(page, live_server.url, email="owner@harbour-socks.example",
                        password="a long staff password 1", next_url="/backoffice/shop/")
    expect()(page.get_by_role("heading", level=1, name="Shop settings")).to_be_visible()
    screenshot(page, "shop-settings-1-overview")

    # when the identity is changed
    page.get_by_role("link", name="Edit identity and see its history").click()
    page.get_by_label("Legal name").fill("Harbour Socks Ltd")
    page.get_by_role("button", name="Save identity").click()
    expect()(page.get_by_text("The shop's identity is saved")).to_be_visible()
    screenshot(page, "shop-settings-2-identity")

    # and a renamed non-PDF is refused, then a PDF accepted
    page.get_by_role("navigation", name="Shop settings").get_by_role("link", name="Product documents").click()
    fake = tmp_path / "manual.pdf"
    fake.write_bytes(b"GIF89a not a pdf")
    page.get_by_label("Product").select_option(label="Lightweight Running Shoes")
    page.get_by_label("Title").fill("Manual")
    page.get_by_label("Kind").select_option("manual")
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_role("button", name="Upload").click()
    expect()(page.get_by_text("This file is not a PDF (it may only be named .pdf).")).to_be_visible()
    screenshot(page, "shop-settings-3-document-refused")

    # then the contact page names the new legal name
    page.goto(f"{live_server.url}/contact/")
    expect()(page.get_by_text("Harbour Socks Ltd")).to_be_visible()
