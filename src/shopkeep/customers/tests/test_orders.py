"""Order history: the customer's own orders only; someone else's order is a 404."""

from decimal import Decimal

import pytest

from shopkeep.customers.tests.factories import customer_create, order_place
from shopkeep.orders.models import Order

pytestmark = pytest.mark.django_db


def test_order_history_lists_the_customers_orders_with_number_date_status_and_total(client):
    # given
    customer = customer_create()
    first = order_place(customer=customer)
    second = order_place(customer=customer, quantity=1)
    others = order_place(customer=customer_create())
    guest = order_place(customer=None)
    client.force_login(customer)

    # when
    response = client.get("/account/orders/")

    # then
    assert response.status_code == 200
    assert [order.number for order in response.context["orders"]] == [second.number, first.number]
    html = response.content.decode()
    assert f'<a href="/account/orders/{first.number}/">{first.number}</a>' in html
    assert "€28.95" in html
    assert "Being prepared" in html
    assert first.created_at.strftime("%-d %b %Y") in html
    assert others.number not in html
    assert guest.number not in html


def test_order_history_without_orders_says_so(client):
    # given
    client.force_login(customer_create())

    # when
    response = client.get("/account/orders/")

    # then
    assert response.status_code == 200
    assert "You haven't ordered anything with this account yet." in response.content.decode()


def test_order_page_shows_lines_totals_addresses_card_and_status(client):
    # given
    customer = customer_create()
    order = order_place(customer=customer)
    client.force_login(customer)

    # when
    response = client.get(f"/account/orders/{order.number}/")

    # then
    assert response.status_code == 200
    assert response.context["order"] == order
    assert (order.subtotal, order.shipping_total, order.total) == (Decimal("25.00"), Decimal("3.95"), Decimal("28.95"))
    html = response.content.decode()
    line = order.lines.get()
    for text in (order.number, line.product_name, line.sku, "size M", "Standard (Royal Mail)", "Ada Lovelace",
                 "12 St James&#x27;s Square", "LONDON<br>SW1Y 4JH<br>UNITED KINGDOM", "Visa ending 4242", "Placed",
                 str(order.total_money), str(order.subtotal_money), str(order.shipping_money)):
        assert text in html, text
    assert "4242424242424242" not in html


def test_another_customers_order_is_not_found(client):
    # given
    owner = customer_create()
    order = order_place(customer=owner)
    client.force_login(customer_create())

    # when
    response = client.get(f"/account/orders/{order.number}/")

    # then
    assert response.status_code == 404
    assert order.number not in response.content.decode()


def test_a_guest_order_is_not_found_in_an_account_even_with_the_same_email(client):
    # given
    order = order_place(customer=None, email="ada@example.com")
    client.force_login(customer_create(email="ada@example.com"))

    # when
    response = client.get(f"/account/orders/{order.number}/")

    # then
    assert response.status_code == 404


def test_an_unknown_order_number_is_not_found(client):
    # given
    client.force_login(customer_create())

    # when
    response = client.get("/account/orders/SK-0000000/")

    # then
    assert response.status_code == 404


def test_order_pages_need_a_login(client):
    # given
    order = order_place(customer=customer_create())

    # when
    response = client.get(f"/account/orders/{order.number}/")

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next=/account/orders/{order.number}/"
    assert Order.objects.count() == 1
