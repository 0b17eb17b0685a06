"""Virtual terminal (P-21): a billing clerk places a phone order; the card is typed on the gateway's page only."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.tests.factories import SUCCEEDS

pytestmark = pytest.mark.django_db


def terminal_data(**overrides):
    return {"email": "grace@example.com", "name": "Grace Hopper", "line1": "1 Navy Way", "city": "London",
            "postal_code": "SW1A 1AA", "country": "GB", "phone": "+44 20 7946 0001",
            "shipping_method": "gb-standard", "sku_1": "MUG-1", "quantity_1": 2, **overrides}


@pytest.fixture
def clerk(client):
    return staff_login(client, Role.BILLING)


@pytest.mark.promise("P-21")
def test_a_clerk_places_a_phone_order_with_the_card_entered_on_the_gateway_page(client, clerk, settings):
    # given
    settings.SHOPKEEP_CURRENCY = "EUR"
    variant_create(product=product_create(name="Mug"), sku="MUG-1", price="9.00", stock=5)

    # when
    started = client.post(reverse("backoffice:terminal"), terminal_data())
    card_page = client.get(started["Location"])
    paid = client.post(started["Location"], {"number": SUCCEEDS, "exp_month": "12",
                                             "exp_year": str(date.today().year + 2), "cvc": "737",
                                             "postal_code": "SW1A 1AA"}, HTTP_SEC_FETCH_SITE="same-origin")
    placed = client.get(paid["Location"])

    # then
    assert started.status_code == 302 and started["Location"].startswith("/sandbox-gateway/")
    assert card_page.status_code == 200
    assert placed.status_code == 302
    order = Order.objects.get()
    assert (order.email, order.total, order.status) == (
        "grace@example.com", Decimal("21.95"), Order.Status.READY_TO_DISPATCH)
    assert order.events.filter(by=clerk, note="Phone order taken in the virtual terminal.").count() == 1
    payment = Payment.objects.get(order=order)
    assert (payment.card_last4, payment.status) == ("4242", "authorised")
    assert SUCCEEDS not in str(list(Payment.objects.values()))


def test_an_unknown_product_is_refused_with_a_message_and_nothing_is_ordered(client, clerk):
    # given / when
    response = client.post(reverse("backoffice:terminal"), terminal_data(sku_1="NOPE"))

    # then
    assert response.status_code == 400
    assert "NOPE" in response.content.decode()
    assert Order.objects.count() == 0


def test_only_a_billing_clerk_may_use_the_terminal(client):
    # given
    staff_login(client, Role.FULFILMENT)

    # when
    response = client.post(reverse("backoffice:terminal"), terminal_data())

    # then
    assert response.status_code == 403
    assert Order.objects.count() == 0


def test_the_clerk_picks_products_and_shipping_methods_from_lists_not_typed_codes(client, clerk):
    # given: a product with two sizes, and one that is not on sale
    mug = product_create(name="Enamel mug")
    variant_create(product=mug, sku="MUG-S", size="S", price="9.00", stock=5)
    variant_create(product=mug, sku="MUG-L", size="L", price="11.00", stock=0)
    hidden = product_create(name="Retired lamp")
    hidden.is_active = False
    hidden.save()
    variant_create(product=hidden, sku="LAMP-OLD", price="5.00", stock=3)

    # when
    html = client.get(reverse("backoffice:terminal")).content.decode()

    # then: the SKU fields offer the catalogue as a list (no script needed) and shipping is a select of the methods
    assert 'list="terminal-products"' in html and '<datalist id="terminal-products">' in html
    assert '<option value="MUG-S" label="Enamel mug, size S · 9.00 EUR · 5 in stock">' in html
    assert 'value="MUG-L"' in html and "LAMP-OLD" not in html
    assert '<select name="shipping_method"' in html and '<option value="gb-standard">' in html
    assert "<optgroup" in html


def test_a_shipping_method_not_in_the_list_is_refused_with_a_sentence(client, clerk):
    # given
    variant_create(product=product_create(name="Mug"), sku="MUG-1", price="9.00", stock=5)

    # when
    response = client.post(reverse("backoffice:terminal"), terminal_data(shipping_method="teleport"))

    # then
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Order.objects.count() == 0
