"""The help center in a real browser (headless Chromium): a guest goes from a product page to the returns
article in two clicks, searches the help center, sends a question with their order number; customer service
answers it in the back office, and the answer is in the outbox, threaded and from the shop's address (P-41).
Every page is also photographed at phone width (390 px)."""

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.customers.staff import staff_create
from shopkeep.orders.tests.factories import order_place
from shopkeep.storefront.management.commands.seed_demo import demo_help_seed
from shopkeep.support.models import Ticket, TicketMessage
from shopkeep.testing.browser import expect, heading
from shopkeep.testing.staff import staff_browser_login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "a long staff password 1"
QUESTION = "The socks from my order are too small. Can I swap them for size L?"
ANSWER = "Of course! Send them back with the return form and we will post size L the day they arrive."


@pytest.fixture
def shop(transactional_db, audit_log_emptied_after, settings):
    """The demo help center, a guest's order, a customer-service agent, and mail written to .eml files."""
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    settings.DEFAULT_FROM_EMAIL = "shop@shop.example"
    demo_help_seed()
    order = order_place(email="grace@example.com")
    for path in Path(settings.SHOPKEEP_OUTBOX_DIR).glob("*.eml"):
        path.unlink()  # the order confirmation; this journey is about the question
    staff_create(email="cs@shop.example", role=Role.CUSTOMER_SERVICE, password=PASSWORD)
    return order


def at_phone_width(page, screenshot, name: str) -> None:
    """Photograph the current page at 390 px as well, then go back to the desktop width."""
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def outbox(settings) -> list:
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(Path(settings.SHOPKEEP_OUTBOX_DIR).glob("*.eml"))]


@pytest.mark.promise("P-41")
def test_a_guest_finds_the_returns_policy_asks_about_an_order_and_gets_the_answer_by_email(
        browser, page, live_server, shop, settings, screenshot):
    order = shop
    product = order.lines.first().variant.product

    # given a guest on a product page: two clicks reach the returns article
    page.goto(live_server.url + reverse("catalog:product", args=[product.slug]))
    page.get_by_role("contentinfo").get_by_role("link", name="Help center").click()
    expect()(heading(page, "How can we help")).to_be_visible()
    screenshot(page, "help-1-center-1280")
    at_phone_width(page, screenshot, "help-1-center")
    page.get_by_role("link", name="Returns and exchanges", exact=True).click()
    expect()(heading(page, "Returns and exchanges")).to_be_visible()
    expect()(page.get_by_text("within 14 days of delivery")).to_be_visible()
    screenshot(page, "help-2-returns-1280")
    at_phone_width(page, screenshot, "help-2-returns")

    # when they go back to the help center and search it in capitals
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Help").click()
    page.get_by_label("Search the help center").fill("CHARGED")
    page.get_by_role("search").filter(has=page.get_by_label("Search the help center")).get_by_role(
        "button", name="Search").click()
    expect()(page.get_by_role("heading", name=re.compile("answers? for “CHARGED”"))).to_be_visible()
    expect()(page.get_by_role("link", name="Payment and when you are charged")).to_be_visible()
    screenshot(page, "help-3-search-1280")
    at_phone_width(page, screenshot, "help-3-search")

    # and send a question about their order (first with the wrong number, which is refused plainly)
    page.get_by_role("link", name="Ask a question").first.click()
    expect()(heading(page, "Ask a question")).to_be_visible()
    page.get_by_label("Your email address").fill("grace@example.com")
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("Order number").fill("SK-AAAAAAA")
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send my question").click()
    expect()(page.get_by_text("We could not match this order number to this email address.").first).to_be_visible()
    screenshot(page, "help-4-contact-error-1280")
    at_phone_width(page, screenshot, "help-4-contact-error")
    page.get_by_label("Order number").fill(order.number)
    page.get_by_role("button", name="Send my question").click()
    expect()(heading(page, "we have your question")).to_be_visible()
    ticket = Ticket.objects.get()
    expect()(page.get_by_text(ticket.reference)).to_be_visible()
    screenshot(page, "help-5-sent-1280")
    at_phone_width(page, screenshot, "help-5-sent")
    assert ticket.order == order

    # then customer service answers it in the back office
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15000)
    cs = context.new_page()
    staff_browser_login(cs, live_server.url, email="cs@shop.example", password=PASSWORD,
                        next_url=reverse("backoffice_support:list"))
    expect()(heading(cs, "Support queue")).to_be_visible()
    screenshot(cs, "help-6-queue-1280")
    cs.get_by_role("link", name=f"Open {ticket.reference}").click()
    expect()(cs.get_by_text(QUESTION)).to_be_visible()
    expect()(cs.get_by_text(f"About order {order.number}")).to_be_visible()
    cs.get_by_label("Reply to the customer").fill(ANSWER)
    screenshot(cs, "help-7-ticket-1280")
    at_phone_width(cs, screenshot, "help-7-ticket")
    cs.get_by_role("button", name="Send reply").click()
    expect()(cs.get_by_text(f"Reply emailed for {ticket.reference}.")).to_be_visible()
    context.close()

    # and the answer is in the outbox: to the guest, from the shop, threaded to the question
    [sent] = outbox(settings)
    question = ticket.messages.get(kind=TicketMessage.Kind.CUSTOMER)
    assert (sent["From"], sent["To"]) == ("shop@shop.example", "grace@example.com")
    assert sent["In-Reply-To"] == question.message_id and sent["References"] == question.message_id
    assert sent["Reply-To"].startswith(f"support+{ticket.reference.lower()}.")
    assert ANSWER in sent.get_body(preferencelist=("plain",)).get_content()
    assert ANSWER in sent.get_body(preferencelist=("html",)).get_content()
