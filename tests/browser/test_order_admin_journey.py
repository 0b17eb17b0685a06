"""Running orders in a real browser at 1280 px: customer service finds an order by the customer's email,
fulfilment dispatches it (printing the packing slip), the owner refunds part of it after a confirmation and
opens the invoice. Screenshots of each step, and of the order and invoice at 390 px. P-18, P-22, P-36."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.orders.models import Order
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.privacy.roles import Role
from shopkeep.testing.browser import expect, heading
from shopkeep.testing.staff import staff_browser_login, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def shop(transactional_db, audit_log_emptied_after, settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    order = order_place(email="ada.lovelace@example.com")
    staff = {role: staff_user(role) for role in (Role.CUSTOMER_SERVICE, Role.FULFILMENT, Role.OWNER)}
    return {"order": order, "staff": staff}


def signed_in(browser, live_server, role: str, next_url: str, *, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    page = context.new_page()
    staff_browser_login(page, live_server.url, email=f"{role}@shop.example", next_url=next_url)
    return context, page


@pytest.mark.promise("P-22")
def test_customer_service_finds_fulfilment_dispatches_the_owner_refunds_part_and_prints_the_invoice(
        browser, live_server, shop, screenshot):
    order = shop["order"]

    # given: customer service looks the order up by the customer's email
    cs_context, cs = signed_in(browser, live_server, Role.CUSTOMER_SERVICE, reverse("backoffice_orders:list"))
    expect()(heading(cs, "Orders")).to_be_visible()
    cs.get_by_label("Order number, customer number or email address").fill("Ada.Lovelace@example.com")
    cs.get_by_role("button", name="Search").click()
    expect()(cs.get_by_text("1 order found")).to_be_visible()
    screenshot(cs, "order-admin-1-search-by-email")
    cs.get_by_role("link", name=order.number).click()
    expect()(heading(cs, f"Order {order.number}")).to_be_visible()
    expect()(cs.get_by_text("ada.lovelace@example.com")).to_be_visible()
    expect()(cs.get_by_role("link", name="Cancel order…")).to_be_visible()
    expect()(cs.get_by_text(re.compile("ending"))).to_have_count(0)  # the card is not customer service's to see
    screenshot(cs, "order-admin-2-order-for-customer-service")

    # when: fulfilment dispatches it
    ff_context, ff = signed_in(browser, live_server, Role.FULFILMENT, reverse("backoffice:dispatch_list"))
    expect()(heading(ff, "Orders to dispatch")).to_be_visible()
    ff.get_by_role("link", name=f"Dispatch {order.number}").click()
    expect()(ff.get_by_text("12 St James's Square")).to_be_visible()
    expect()(ff.get_by_text(re.compile("ending"))).to_have_count(0)
    ff.get_by_label("Carrier").fill("DPD")
    ff.get_by_label("Tracking number").fill("DPD-0042")
    screenshot(ff, "order-admin-3-dispatch")
    ff.get_by_role("button", name="Confirm dispatch and capture").click()
    expect()(ff.get_by_text(f"Order {order.number} dispatched; captured 58.95 EUR.")).to_be_visible()

    # and: the owner refunds part of it, seeing first what the refund will do
    owner_context, owner = signed_in(browser, live_server, Role.OWNER,
                                     reverse("backoffice_orders:detail", args=[order.number]))
    expect()(owner.get_by_text("Parcel 1 dispatched")).to_be_visible()
    owner.get_by_role("link", name="Refund…").click()
    owner.get_by_label("Partial refund").check()
    owner.get_by_label("Amount to refund").fill("10.00")
    owner.get_by_label("Reason (the customer is told it)").fill("One pair of socks was missing")
    owner.get_by_role("button", name="Check the refund").click()
    expect()(heading(owner, "Refund €10.00")).to_be_visible()
    screenshot(owner, "order-admin-4-refund-confirmation")
    owner.get_by_role("button", name="Refund €10.00").click()
    expect()(owner.get_by_text(f"Refunded €10.00 on order {order.number}")).to_be_visible()
    expect()(owner.get_by_text("One pair of socks was missing").first).to_be_visible()
    screenshot(owner, "order-admin-5-order-after-refund")
    owner.get_by_role("link", name="Invoice").click()
    expect()(heading(owner, f"Invoice INV-{order.number}")).to_be_visible()
    expect()(owner.locator('[data-total="total"]')).to_have_text("€58.95")
    screenshot(owner, "order-admin-6-invoice")

    # then
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    assert order.status == Order.Status.DISPATCHED
    assert (payment.captured_amount, payment.refunded_amount) == (Decimal("58.95"), Decimal("10.00"))

    # and: the same pages read at a phone's width
    phone_context, phone = signed_in(browser, live_server, Role.OWNER,
                                     reverse("backoffice_orders:detail", args=[order.number]), width=390)
    expect()(heading(phone, f"Order {order.number}")).to_be_visible()
    screenshot(phone, "order-admin-7-order-390")
    phone.goto(live_server.url + reverse("backoffice_orders:invoice", args=[order.number]))
    screenshot(phone, "order-admin-8-invoice-390")
    for context in (cs_context, ff_context, owner_context, phone_context):
        context.close()
