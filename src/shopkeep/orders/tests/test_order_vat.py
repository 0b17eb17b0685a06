"""Every order records the VAT its total includes per rate, and money after placing comes from recorded figures."""

from decimal import Decimal

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import TaxClass
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import address_data, checkout_details
from shopkeep.mailing.campaigns.tests.factories import coupon_make, subscriber_confirmed
from shopkeep.money import Money
from shopkeep.orders.fulfilment import order_dispatch, order_mark_delivered, return_refund, return_request
from shopkeep.orders.models import Order, OrderTaxLine
from shopkeep.orders.services import order_confirmation_path
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db

FRANCE = address_data(name="Marie Curie", line1="1 rue de la Paix", city="Paris", postal_code="75002", country="FR")


def place(*, country_address: dict, shipping_method: str, coupon_code: str = "", email: str = "ada@example.com"):
    """Book 21.10 (standard rate) × 2 and 10.55 (reduced rate) × 1."""
    shirt = variant_create(product=product_create(name="Shirt"), sku="SHIRT", price="21.10")
    book = variant_create(product=product_create(name="Book", tax_class=TaxClass.REDUCED), sku="BOOK", price="10.55")
    cart = cart_with_lines((shirt, 2), (book, 1))
    placed = checkout_complete(
        cart=cart, details=checkout_details(email=email, shipping_address=country_address,
                                            shipping_method=shipping_method),
        payment_token=card_token_create().token, coupon_code=coupon_code,
    )
    return placed.order


def recorded(order: Order) -> list[tuple[Decimal, Decimal]]:
    return list(OrderTaxLine.objects.filter(order=order).values_list("rate", "amount"))


def test_an_order_to_france_records_french_vat_per_rate_including_shipping_at_the_standard_rate():
    # when
    order = place(country_address=FRANCE, shipping_method="eu-standard")
    # then: (42.20 + 5.95) × 20/120 = 8.03; 10.55 × 5.5/105.5 = 0.55
    assert (order.subtotal, order.shipping_total, order.total) == (Decimal("52.75"), Decimal("5.95"), Decimal("58.70"))
    assert recorded(order) == [(Decimal("20.00"), Decimal("8.03")), (Decimal("5.50"), Decimal("0.55"))]
    assert [(line.percent, line.amount_money) for line in order.vat_lines] == [
        ("20%", Money(Decimal("8.03"), "EUR")), ("5.5%", Money(Decimal("0.55"), "EUR"))]


def test_an_order_outside_the_eu_records_the_vat_of_the_shops_country():
    # when
    order = place(country_address=address_data(), shipping_method="gb-standard")
    # then: (42.20 + 3.95) × 19/119 = 7.37; 10.55 × 7/107 = 0.69
    assert recorded(order) == [(Decimal("19.00"), Decimal("7.37")), (Decimal("7.00"), Decimal("0.69"))]


def test_a_coupon_lowers_the_recorded_vat_and_the_amount_authorised():
    # given
    coupon_make(code="TEN", value="10")
    subscriber_confirmed("sub@example.com")
    # when
    order = place(country_address=FRANCE, shipping_method="eu-standard", coupon_code="TEN", email="sub@example.com")
    # then: 52.75 − 5.28 (5.275 rounded for the customer) + 5.95
    assert (order.discount_total, order.total) == (Decimal("5.28"), Decimal("53.42"))
    assert Payment.objects.get(order=order).amount == Decimal("53.42")
    assert order.coupon_redemption.discount == Decimal("5.28")
    # (42.20 × 0.9 + 5.95) × 20/120 = 7.32; 10.55 × 0.9 × 5.5/105.5 = 0.49 (share of the discount by value)
    assert recorded(order) == [(Decimal("20.00"), Decimal("7.32")), (Decimal("5.50"), Decimal("0.49"))]


def test_the_confirmation_email_and_page_show_vat_per_rate(settings, outbox_dir, client):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    # when: the order is placed (its confirmation is sent with it)
    order = place(country_address=FRANCE, shipping_method="eu-standard")
    # then
    [path] = outbox_dir.glob("*.eml")
    content = path.read_text()
    assert "incl. VAT 20%: €8.03" in content
    assert "incl. VAT 5.5%: €0.55" in content
    page = client.get(order_confirmation_path(order)).content.decode()
    assert '<dt class="vat-line">incl. VAT 20%</dt><dd class="vat-line">€8.03</dd>' in page
    assert '<dt class="vat-line">incl. VAT 5.5%</dt><dd class="vat-line">€0.55</dd>' in page


def test_shipments_of_a_discounted_order_capture_exactly_its_total_and_a_return_refunds_what_was_paid():
    # given
    coupon_make(code="TEN", value="10")
    subscriber_confirmed("sub@example.com")
    order = place(country_address=FRANCE, shipping_method="eu-standard", coupon_code="TEN", email="sub@example.com")
    shirt, book = order.lines.order_by("id")
    # when: the book first, then the shirts
    first = order_dispatch(order=order, quantities={book.pk: 1}, carrier="DHL", tracking_number="1", by=None)
    second = order_dispatch(order=order, quantities={shirt.pk: 2}, carrier="DHL", tracking_number="2", by=None)
    # then: 10.55 less its share of the 5.28 discount (10.55 × 47.47/52.75 = 9.494 -> 9.49), plus all shipping;
    # the rest of the total last
    assert (first.amount, second.amount) == (Decimal("15.44"), Decimal("37.98"))
    assert first.amount + second.amount == order.total
    # when: one shirt comes back
    order_mark_delivered(order=order)
    request = return_request(order=order, quantities={shirt.pk: 1}, reason="Too small", kind="refund")
    refunded = return_refund(request=request, by=None)
    # then: 21.10 less its share of the discount (21.10 × 47.47/52.75 = 18.988)
    assert refunded.refunded_amount == Decimal("18.99")
