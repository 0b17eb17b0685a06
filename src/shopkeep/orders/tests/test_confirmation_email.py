"""The order confirmation email: plain text and HTML, everything the customer needs, never a card number (P-13, P-17)."""

from email import message_from_bytes, policy

import pytest
from django.conf import settings

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import address_data, checkout_details
from shopkeep.customers.tests.factories import customer_create
from shopkeep.orders.services import order_confirmation_send, order_from_confirmation_token
from shopkeep.sandbox_gateway.tests.factories import SUCCEEDS, card_token_create
from shopkeep.shop.services import identity_update

pytestmark = pytest.mark.django_db

P17 = "We will never ask you for your password or your card number by email."


@pytest.fixture(autouse=True)
def outbox_backend(settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    settings.SHOPKEEP_BASE_URL = "https://shop.example"


def place(*, customer=None, billing_address=None, keep_confirmation=False):
    socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50")
    lamp = variant_create(product=product_create(name="Desk Lamp <LED>"), sku="LAMP", price="30.00")
    cart = cart_with_lines((socks, 2), (lamp, 1), customer=customer)
    order = checkout_complete(
        cart=cart, details=checkout_details(shipping_address=address_data(phone="+44 20 7946 0000"),
                                            billing_address=billing_address, shipping_method="gb-express"),
        payment_token=card_token_create().token, customer=customer,
    ).order
    for path in ([] if keep_confirmation else settings.SHOPKEEP_OUTBOX_DIR.glob("*.eml")):
        path.unlink()  # the confirmation sent at checkout; each test reads the one it sends itself
    return order


def sent(outbox_dir):
    [path] = outbox_dir.glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return message, message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_the_email_has_a_plain_and_an_html_part_with_the_order(outbox_dir):
    # given
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    message, text, html = sent(outbox_dir)
    assert (message["To"], message["Subject"]) == ("ada@example.com", f"Your order {order.number}")
    for part in (text, html):
        assert "Order number" in part and order.number in part
        assert "Stripy Socks" in part and "size M" in part
        assert "€25.00" in part and "€30.00" in part
        assert "€55.00" in part and "€7.95" in part and "€62.95" in part
        assert "12 St James" in part and "UNITED KINGDOM" in part
        assert part.index("12 St James") < part.index("LONDON") < part.index("SW1Y 4JH")  # Royal Mail's order
        assert "Express (next working day)" in part
        assert "Visa ending 4242" in part
        assert "Customer number" not in part
    assert "Desk Lamp <LED> × 1: €30.00" in text  # plain text is not HTML-escaped
    assert "Desk Lamp &lt;LED&gt;" in html


def test_the_link_in_the_email_opens_the_order(outbox_dir, client):
    # given
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    _, text, html = sent(outbox_dir)
    [link] = [line for line in text.splitlines() if line.startswith("https://shop.example/checkout/order/")]
    assert f'href="{link}"' in html
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert order_from_confirmation_token(token) == order
    assert client.get(link.removeprefix("https://shop.example")).status_code == 200


@pytest.mark.promise("P-05")
def test_a_customer_account_order_shows_the_customer_number(outbox_dir):
    # given
    customer = customer_create(email="grace@example.com")
    order = place(customer=customer)

    # when
    order_confirmation_send(order=order)

    # then
    _, text, html = sent(outbox_dir)
    assert f"Customer number: {customer.customer_number}" in text
    assert f"Customer number: <strong>{customer.customer_number}</strong>" in html


@pytest.mark.promise("P-17")
def test_every_part_of_the_email_says_we_never_ask_for_passwords_or_card_numbers(outbox_dir):
    # given
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    _, text, html = sent(outbox_dir)
    assert P17 in text
    assert P17 in html


@pytest.mark.promise("P-13")
def test_the_email_holds_only_the_last_four_digits_of_the_card(outbox_dir):
    # given
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    raw = next(outbox_dir.glob("*.eml")).read_bytes()
    _, text, html = sent(outbox_dir)
    assert SUCCEEDS.encode() not in raw
    assert SUCCEEDS not in text and SUCCEEDS not in html
    assert "4242" in text  # only the last four digits


def test_the_order_is_emailed_once_it_is_placed(django_capture_on_commit_callbacks, outbox_dir):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        order = place(keep_confirmation=True)

    # then
    message, _, _ = sent(outbox_dir)
    assert message["Subject"] == f"Your order {order.number}"


def test_the_email_summarises_returns_and_the_right_of_withdrawal_with_links_to_the_pages(outbox_dir, settings):
    # given
    settings.SHOPKEEP_RETURN_WINDOW_DAYS = 30
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    _message, text, html = sent(outbox_dir)
    for part in (text, html):
        assert "Returns and your right of withdrawal" in part
        assert "You can return or exchange items within 30 days of delivery" in part
        assert "You may also withdraw from this contract within 14 days of receiving the goods without giving a reason." in part
    assert "Shipping and returns: https://shop.example/shipping-and-returns/" in text
    assert "Right of withdrawal and model withdrawal form: https://shop.example/withdrawal/" in text
    assert "Terms and conditions: https://shop.example/terms/" in text
    assert '<a href="https://shop.example/shipping-and-returns/" style="color:#1e4d5c;">Shipping and returns</a>' in html
    assert '<a href="https://shop.example/withdrawal/" style="color:#1e4d5c;">Right of withdrawal' in html
    assert '<a href="https://shop.example/terms/" style="color:#1e4d5c;">Terms and conditions</a>' in html


def test_the_email_footer_names_who_runs_the_shop_and_how_to_reach_them(outbox_dir):
    # given
    identity_update(changed_by=None, values={"legal_name": "Harbour Socks GmbH", "vat_number": "DE123456789",
                                             "postal_address": "Hafenstraße 12\n20457 Hamburg\nGermany",
                                             "contact_email": "hallo@harbour-socks.de"})
    order = place()

    # when
    order_confirmation_send(order=order)

    # then
    _message, text, html = sent(outbox_dir)
    assert "Harbour Socks GmbH, Hafenstraße 12, 20457 Hamburg, Germany, hallo@harbour-socks.de, VAT DE123456789" in text
    assert ("Harbour Socks GmbH · Hafenstraße 12, 20457 Hamburg, Germany · <a href=\"mailto:hallo@harbour-socks.de\""
            in html)
