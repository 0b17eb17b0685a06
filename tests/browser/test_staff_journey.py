"""Staff journey in a real browser: an order paid with an AVS-failing card is held, customer service phones the
customer and approves it, fulfilment dispatches it (the capture appears), the customer asks for a return and
customer service refunds it (the refund email is in the outbox). P-18, P-20, P-22."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_confirmation_path
from shopkeep.payments.models import Payment
from shopkeep.testing.browser import expect, heading
from shopkeep.testing.staff import staff_browser_login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a long staff password 1"


@pytest.fixture
def shop(transactional_db, audit_log_emptied_after, settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    socks = category_create(name="Socks", slug="socks")
    product_with_sizes(name="Harbour Stripe Socks", slug="harbour-stripe-socks", category=socks,
                       sizes={"36-40": 4, "41-46": 4}, price="12.50")
    return {role: staff_create(email=f"{role}@shop.example", role=role, password=PASSWORD)[0]
            for role in (Role.CUSTOMER_SERVICE, Role.FULFILMENT)}


def customer_orders_with_avs_failing_card(page, live_server, screenshot) -> None:
    page.goto(live_server.url + reverse("catalog:product", args=["harbour-stripe-socks"]))
    page.get_by_role("radio", name="41-46").check()
    page.get_by_role("button", name="Add to cart").click()
    expect()(heading(page, "Your cart")).to_be_visible()
    page.get_by_role("link", name="Checkout", exact=True).click()
    page.get_by_label("Email address").fill("grace@example.com")
    delivery = page.get_by_role("group", name="Delivery address")
    delivery.get_by_label("Full name").fill("Grace Hopper")
    delivery.get_by_label("Address line 1").fill("1 Navy Yard")
    delivery.get_by_label("Town or city").fill("London")
    delivery.get_by_label("Postal code").fill("SW1Y 4JH")
    delivery.get_by_label("Phone").fill("+44 20 7946 0000")
    delivery.get_by_label("Country").select_option("GB")
    page.get_by_role("button", name="Continue to delivery").click()
    page.get_by_role("button", name="Continue to payment").click()
    expect()(page).to_have_url(re.compile(r"/sandbox-gateway/pay/"))
    page.get_by_label("Card number").fill("4000 0000 0000 0010")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2031")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect()(heading(page, "Review your order")).to_be_visible()
    page.get_by_role("button", name=re.compile("Place order")).click()
    expect()(heading(page, "Your order is placed")).to_be_visible()
    screenshot(page, "staff-journey-1-order-placed")


def staff_page(browser, live_server, *, email: str, next_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    page = context.new_page()
    staff_browser_login(page, live_server.url, email=email, password=PASSWORD, next_url=next_url)
    return context, page


def outbox(settings) -> list[str]:
    return [path.read_text(errors="replace") for path in sorted(Path(settings.SHOPKEEP_OUTBOX_DIR).glob("*.eml"))]


@pytest.mark.promise("P-20")
@pytest.mark.promise("P-18")
@pytest.mark.promise("P-22")
def test_a_held_order_is_verified_dispatched_returned_and_refunded(browser, page, live_server, shop, settings,
                                                                   screenshot):
    # given: the customer's order with an address-check failure is held
    customer_orders_with_avs_failing_card(page, live_server, screenshot)
    order = Order.objects.get()
    assert order.status == Order.Status.ON_HOLD

    # when: customer service phones the customer and approves
    cs_context, cs = staff_page(browser, live_server, email="customer_service@shop.example",
                                next_url=reverse("backoffice:fraud_list"))
    expect()(heading(cs, "Orders on hold")).to_be_visible()
    cs.get_by_role("link", name=f"Review {order.number}").click()
    expect()(cs.get_by_text("The billing address did not match the card")).to_be_visible()
    expect()(cs.get_by_text("Phone: +44 20 7946 0000")).to_be_visible()
    cs.get_by_label("When you phoned").fill("2026-01-02 10:30")
    cs.get_by_label("Outcome of the call").select_option("confirmed")
    cs.get_by_label("Note").fill("Customer confirmed; billing address is their old one.")
    screenshot(cs, "staff-journey-2-phone-check")
    cs.get_by_role("button", name="Approve for dispatch").click()
    expect()(cs.get_by_text(f"Order {order.number} approved")).to_be_visible()

    # and: fulfilment dispatches it
    ff_context, ff = staff_page(browser, live_server, email="fulfilment@shop.example",
                                next_url=reverse("backoffice:dispatch_list"))
    ff.get_by_role("link", name=f"Dispatch {order.number}").click()
    expect()(ff.get_by_text("1 Navy Yard")).to_be_visible()
    ff.get_by_label("Carrier").fill("Royal Mail")
    ff.get_by_label("Tracking number").fill("RM123456789GB")
    screenshot(ff, "staff-journey-3-dispatch")
    ff.get_by_role("button", name="Confirm dispatch and capture").click()
    expect()(ff.get_by_text(f"Order {order.number} dispatched; captured 16.45 EUR.")).to_be_visible()
    payment = Payment.objects.get(order=order)
    assert payment.captured_amount == Decimal("16.45")

    # and: the parcel arrives, the customer asks for a return
    cs.goto(live_server.url + reverse("backoffice:returns_list"))
    cs.get_by_role("button", name=f"Mark {order.number} delivered").click()
    page.goto(live_server.url + order_confirmation_path(order))
    expect()(page.get_by_text("RM123456789GB")).to_be_visible()
    page.get_by_role("link", name="Return or exchange items").click()
    page.get_by_label("How many to return (of 1)").fill("1")
    page.get_by_label("Refund").check()
    page.get_by_label("Why are you returning it?").fill("Too small")
    screenshot(page, "staff-journey-4-return-request")
    page.get_by_role("button", name="Send return request").click()
    expect()(page.get_by_text("we have your request")).to_be_visible()

    # and: customer service receives it and refunds
    cs.goto(live_server.url + reverse("backoffice:returns_list"))
    cs.get_by_role("link", name=f"Handle return for {order.number}").click()
    cs.get_by_role("button", name="Check the refund").click()
    expect()(cs.get_by_text("goes back to the customer's card")).to_be_visible()
    cs.get_by_role("button", name=re.compile("^Refund")).click()
    expect()(cs.get_by_text(f"Return for order {order.number} refunded.")).to_be_visible()
    screenshot(cs, "staff-journey-5-refunded")

    # then
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == Order.Status.RETURNED
    assert (payment.captured_amount, payment.refunded_amount) == (Decimal("16.45"), Decimal("12.50"))
    refunds = [m for m in outbox(settings) if "Your refund is on its way" in m]
    assert len(refunds) == 1 and "To: grace@example.com" in refunds[0]
    cs_context.close()
    ff_context.close()
