"""A guest buys from the shop in a real browser (headless Chromium): by search, size, cart, checkout and the
gateway's hosted card page, with cookies and without; a declined card keeps the cart."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from shopkeep.cart.models import CartLine
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment
from shopkeep.testing.browser import expect, heading

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def shop(transactional_db, settings):
    """A small catalogue, and mail written to .eml files as in production."""
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    socks, shoes = category_create(name="Socks", slug="socks"), category_create(name="Shoes", slug="shoes")
    return {
        "socks": product_with_sizes(name="Harbour Stripe Socks", slug="harbour-stripe-socks", category=socks,
                                    sizes={"36-40": 4, "41-46": 4}, price="12.50"),
        "other socks": product_with_sizes(name="Plain Wool Socks", slug="plain-wool-socks", category=socks,
                                          sizes={"36-40": 4, "41-46": 4}, price="9.00"),
        "clogs": product_with_sizes(name="Oak Clogs", slug="oak-clogs", category=shoes, kind="shoes",
                                    sizes={"40": 2, "42": 2}, price="89.00"),
    }


def find_and_add(page, *, words: str, product: str, size: str, screenshot=None, prefix: str = "") -> None:
    """Search, open the product, pick the size and add it to the cart."""
    page.get_by_role("searchbox", name="Search products").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    expect()(heading(page, "Results for")).to_be_visible()
    page.get_by_role("link", name=product, exact=True).first.click()
    expect()(heading(page, product)).to_be_visible()
    page.get_by_role("radio", name=size).check()
    if screenshot:
        screenshot(page, f"{prefix}product")
    page.get_by_role("button", name="Add to cart").click()
    expect()(heading(page, "Your cart")).to_be_visible()
    expect()(page.get_by_role("status")).to_contain_text(f"Added {product} (size {size}) to your cart.")


def enter_details(page) -> None:
    page.get_by_label("Email address").fill("grace@example.com")
    delivery = page.get_by_role("group", name="Delivery address")
    delivery.get_by_label("Full name").fill("Grace Hopper")
    delivery.get_by_label("Address line 1").fill("1 Navy Yard")
    delivery.get_by_label("Town or city").fill("London")
    delivery.get_by_label("Postal code").fill("SW1Y 4JH")
    delivery.get_by_label("Country").select_option("GB")


def pay_on_gateway_page(page, *, number: str, screenshot=None, prefix: str = "") -> None:
    expect()(page).to_have_url(re.compile(r"/sandbox-gateway/pay/"))
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2031")
    page.get_by_label("Security code (CVC)").fill("123")
    if screenshot:
        screenshot(page, f"{prefix}payment")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()


def checkout(page, *, number: str, screenshot=None, prefix: str = "") -> None:
    """From the cart: details, delivery, the gateway's card page, back to review."""
    page.get_by_role("link", name="Checkout", exact=True).click()
    expect()(heading(page, "Your details")).to_be_visible()
    enter_details(page)
    if screenshot:
        screenshot(page, f"{prefix}checkout")
    page.get_by_role("button", name="Continue to delivery").click()
    expect()(heading(page, "Delivery")).to_be_visible()
    expect()(page.get_by_role("radio", name=re.compile("Standard"))).to_be_checked()
    if screenshot:
        screenshot(page, f"{prefix}delivery")
    page.get_by_role("button", name="Continue to payment").click()
    pay_on_gateway_page(page, number=number, screenshot=screenshot, prefix=prefix)
    expect()(heading(page, "Review your order")).to_be_visible()


def outbox_messages(settings) -> list[str]:
    return [path.read_text(errors="replace") for path in sorted(Path(settings.SHOPKEEP_OUTBOX_DIR).glob("*.eml"))]


def test_a_guest_finds_socks_by_search_picks_a_size_and_buys_them(page, live_server, shop, settings, screenshot):
    # given
    page.goto(live_server.url + reverse("storefront:home"))
    expect()(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "home")

    # when
    find_and_add(page, words="stripe", product="Harbour Stripe Socks", size="41-46", screenshot=screenshot)
    screenshot(page, "cart")
    checkout(page, number="4242 4242 4242 4242", screenshot=screenshot)
    expect()(page.get_by_text("Visa ending 4242")).to_be_visible()
    screenshot(page, "review")
    page.get_by_role("button", name=re.compile("Place order")).click()

    # then
    expect()(heading(page, "Your order is placed")).to_be_visible()
    screenshot(page, "confirmation")
    order = Order.objects.get()
    expect()(page.locator(".order-number")).to_have_text(order.number)
    assert list(order.lines.values_list("sku", "quantity")) == [("HARBOUR-STRIPE-SOCKS-41-46", 1)]
    assert Variant.objects.get(sku="HARBOUR-STRIPE-SOCKS-41-46").stock == 3
    messages = outbox_messages(settings)
    assert len(messages) == 1
    assert order.number in messages[0] and "To: grace@example.com" in messages[0]
    assert [c["name"] for c in page.context.cookies()] in ([], ["sk_cart"])


def test_a_guest_buys_several_items_with_cookies_off(page, live_server, shop, settings, screenshot):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    page.goto(live_server.url + reverse("storefront:home"))
    screenshot(page, "cookieless-home")

    # when
    find_and_add(page, words="stripe", product="Harbour Stripe Socks", size="36-40")
    find_and_add(page, words="wool", product="Plain Wool Socks", size="41-46")
    find_and_add(page, words="clogs", product="Oak Clogs", size="42")
    expect()(page.locator(".cart-line")).to_have_count(3)
    screenshot(page, "cookieless-cart")
    checkout(page, number="4242424242424242", screenshot=screenshot, prefix="cookieless-")
    page.get_by_role("button", name=re.compile("Place order")).click()

    # then
    expect()(heading(page, "Your order is placed")).to_be_visible()
    screenshot(page, "cookieless-confirmation")
    order = Order.objects.get()
    expect()(page.locator(".order-number")).to_have_text(order.number)
    assert order.lines.count() == 3
    assert len(outbox_messages(settings)) == 1
    assert page.context.cookies() == []


def test_a_declined_card_shows_why_and_keeps_the_cart(page, live_server, shop, settings, screenshot):
    # given
    page.goto(live_server.url + reverse("storefront:home"))
    find_and_add(page, words="clogs", product="Oak Clogs", size="40")
    checkout(page, number="4000000000000002")

    # when
    page.get_by_role("button", name=re.compile("Place order")).click()

    # then
    alert = page.get_by_role("alert")
    expect()(alert).to_contain_text("Your card was declined. Please use another card or contact your bank.")
    expect()(alert).to_contain_text("Nothing has been charged and your cart is kept.")
    screenshot(page, "declined")
    assert Order.objects.count() == 0
    assert list(Payment.objects.values_list("status", flat=True)) == ["declined"]
    assert list(CartLine.objects.values_list("variant__sku", "quantity")) == [("OAK-CLOGS-40", 1)]
    assert Variant.objects.get(sku="OAK-CLOGS-40").stock == 2
    page.get_by_role("link", name=re.compile(r"^Cart")).click()
    expect()(page.locator(".cart-line")).to_have_count(1)
    expect()(page.locator(".cart-line")).to_contain_text("Oak Clogs")
    assert outbox_messages(settings) == []
