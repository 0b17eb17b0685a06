"""The owner sets the shop up in a real browser: adds a product with two sizes and a picture, sets a shipping rate
and invites a fulfilment clerk; the clerk chooses a password from the invitation link, logs in and lands on the
dispatch queue. Each role's home is photographed at 1280 and 390 px."""

import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import category_create
from shopkeep.pricing.models import ShippingMethod
from shopkeep.privacy.roles import Role
from shopkeep.testing.browser import expect, heading, page_width
from shopkeep.testing.staff import staff_browser_login, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CLERK_PASSWORD = "lanterns along the quay 42"


@pytest.fixture
def shop(transactional_db, audit_log_emptied_after, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "media"}}}
    category_create(name="Socks", slug="socks")
    return staff_user(Role.OWNER, name="Olive Owner")


def photo(tmp_path):
    path = tmp_path / "lighthouse.jpg"
    image = Image.new("RGB", (900, 900), (31, 58, 82))
    for x in range(250, 650):
        for y in range(150, 750, 60):
            for dy in range(30):
                image.putpixel((x, y + dy), (200, 85, 61))
    image.save(path, format="JPEG", quality=90)
    return path


def owner_adds_a_product(page, live_server, screenshot, tmp_path) -> Product:
    page.get_by_role("link", name="Catalogue", exact=True).first.click()
    page.get_by_role("link", name="New product").first.click()
    page.get_by_label("Name", exact=True).fill("Lighthouse Socks")
    page.get_by_label("Category").select_option(label="Socks")
    page.get_by_label("Description").fill("Warm striped socks, knitted by the harbour.")
    for row, (size, sku) in enumerate((("36-40", "LH-S"), ("41-46", "LH-L")), start=1):
        page.get_by_label(f"Size {row}", exact=True).fill(size)
        page.get_by_label(f"SKU {row}", exact=True).fill(sku)
        page.get_by_label(f"Price {row}", exact=True).fill("14.00")
        page.get_by_label(f"Stock {row}", exact=True).fill("5")
    page.get_by_role("button", name="Save product").click()
    expect()(page.get_by_text("“Lighthouse Socks” is published in the shop.")).to_be_visible()
    page.get_by_label("Picture", exact=True).set_input_files(str(photo(tmp_path)))
    page.get_by_label("What the picture shows").fill("Blue and red striped socks")
    page.get_by_role("button", name="Upload picture").click()
    expect()(page.get_by_text("The picture is added to “Lighthouse Socks”.")).to_be_visible()
    screenshot(page, "owner-setup-1-product")
    return Product.objects.get(slug="lighthouse-socks")


def owner_sets_a_shipping_rate(page) -> None:
    page.get_by_role("link", name="Shop settings").first.click()
    page.get_by_role("link", name="Shipping", exact=True).click()
    page.get_by_role("link", name="Edit Standard (Royal Mail)").click()
    page.get_by_label("Price (VAT included)").fill("4.50")
    page.get_by_role("button", name="Save").click()
    expect()(page.get_by_text("“Standard (Royal Mail)” is saved")).to_be_visible()


def owner_invites_a_clerk(page, screenshot) -> str:
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_label("Email address").fill("clerk@shop.example")
    page.get_by_label("Name").fill("Casey Clerk")
    page.get_by_label("Role").select_option(label="Fulfilment")
    page.get_by_role("button", name="Send the invitation").click()
    expect()(page.get_by_text("The invitation is on its way to clerk@shop.example")).to_be_visible()
    screenshot(page, "owner-setup-2-staff")
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/backoffice/staff/invitation/\S+/)", message.body).group(1)


def test_owner_sets_up_the_shop_and_the_invited_clerk_lands_on_dispatch(shop, page, live_server, screenshot,
                                                                         tmp_path):
    # given: the owner is logged in
    staff_browser_login(page, live_server.url, email="owner@shop.example")
    expect()(heading(page, "Back office")).to_be_visible()

    # when: the owner adds a product with two sizes and a picture
    product = owner_adds_a_product(page, live_server, screenshot, tmp_path)

    # then: the shop shows it, with its picture, at once
    page.goto(live_server.url + product.get_absolute_url())
    expect()(heading(page, "Lighthouse Socks")).to_be_visible()
    expect()(page.get_by_role("radio", name="41-46")).to_be_enabled()
    picture = page.get_by_role("img", name="Blue and red striped socks")
    expect()(picture).to_have_attribute("src", re.compile(r"/pictures/[0-9a-f]{32}-1200\.webp$"))
    assert picture.evaluate("img => img.naturalWidth") == 1200
    screenshot(page, "owner-setup-3-product-in-shop")

    # when: the owner sets a shipping rate and invites a fulfilment clerk
    page.goto(live_server.url + reverse("backoffice:home"))
    owner_sets_a_shipping_rate(page)
    assert ShippingMethod.objects.get(code="gb-standard").price == Decimal("4.50")
    invitation = owner_invites_a_clerk(page, screenshot)
    page.get_by_role("button", name="Log out").click()

    # then: the clerk chooses a password from the link, logs in and lands on the dispatch queue
    page.goto(live_server.url + invitation)
    page.get_by_label("New password", exact=True).fill(CLERK_PASSWORD)
    page.get_by_label("New password confirmation").fill(CLERK_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect()(heading(page, "Your password is saved")).to_be_visible()
    staff_browser_login(page, live_server.url, email="clerk@shop.example", password=CLERK_PASSWORD)
    expect()(page).to_have_url(live_server.url + reverse("backoffice:dispatch_list"))
    expect()(page.get_by_role("link", name="Dispatch")).to_be_visible()
    expect()(page.get_by_role("link", name="Catalogue")).to_have_count(0)
    screenshot(page, "owner-setup-4-clerk-dispatch")


@pytest.mark.parametrize("role", Role.values)
def test_each_roles_home_at_desktop_and_phone_width(shop, page, live_server, screenshot, role):
    # given
    if role != Role.OWNER:
        staff_user(role)

    # when
    staff_browser_login(page, live_server.url, email=f"{role}@shop.example")
    page.goto(live_server.url + reverse("backoffice:home"))

    # then
    expect()(heading(page, "Back office")).to_be_visible()
    screenshot(page, f"backoffice-home-{role}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page_width(page) <= 390
    screenshot(page, f"backoffice-home-{role}-390")
    if role == Role.OWNER:
        for name in ("backoffice_catalog:product_new", "backoffice_settings:shipping", "backoffice_staff:list"):
            page.goto(live_server.url + reverse(name))
            assert page_width(page) <= 390, name
            screenshot(page, f"backoffice-{name.split(':')[1]}-390")
