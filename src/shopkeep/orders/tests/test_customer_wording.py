"""What the customer reads about their order follows its current state; return instructions name the return
address and the items (P-22)."""

import pytest
from django.urls import reverse

from shopkeep.customers.tests.factories import customer_create
from shopkeep.orders.fulfilment import order_cancel, order_dispatch, order_mark_delivered
from shopkeep.orders.services import order_confirmation_path, order_confirmation_send
from shopkeep.orders.tests.factories import order_place
from shopkeep.shop.services import identity_current

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def delivered(**kwargs):
    order = order_place(**kwargs)
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="T-9", by=None)
    order_mark_delivered(order=order)
    order.refresh_from_db()
    return order


def test_a_new_order_says_it_is_placed_and_charged_on_dispatch(client):
    # given
    order = order_place()

    # when
    html = client.get(order_confirmation_path(order)).content.decode()

    # then
    assert "Thank you! Your order is placed." in html and "charged when we dispatch" in html


def test_after_delivery_the_order_page_and_email_speak_of_delivery_and_what_was_charged(client, mailoutbox):
    # given
    customer = customer_create(email="ada@example.com")
    order = delivered(customer=customer)
    client.force_login(customer)

    # when
    confirmation = client.get(order_confirmation_path(order)).content.decode()
    account = client.get(reverse("orders:account_order", args=[order.number])).content.decode()
    order_confirmation_send(order=order)
    email = mailoutbox[-1].body

    # then
    for text in (confirmation, account, email):
        assert "Your order has been delivered." in text
        assert "Charged €58.95 for what we sent." in text
        assert "charged when we dispatch" not in text and "Your order is placed" not in text


def test_a_cancelled_order_says_nothing_was_charged(client):
    # given
    order = order_place()
    order_cancel(order=order)

    # when
    html = client.get(order_confirmation_path(order)).content.decode()

    # then
    assert "Your order has been cancelled." in html and "you have not been charged" in html
    assert "charged when we dispatch" not in html


@pytest.mark.promise("P-22")
def test_return_instructions_on_the_page_and_in_the_email_name_the_items_and_the_return_address(
        client, mailoutbox, django_capture_on_commit_callbacks):
    # given
    order = delivered()
    socks = order.lines.order_by("id").first()
    token = order_confirmation_path(order).rstrip("/").rsplit("/", 1)[-1]
    address = identity_current().return_address_lines

    # when
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("orders:return", args=[token]),
                           {f"quantity_{socks.pk}": 2, "kind": "refund", "reason": "Too small"}, **SAME_ORIGIN)
    email = next(message for message in mailoutbox if "We have your return request" in message.subject)

    # then
    html = page.content.decode()
    for text in (html, email.body):
        assert f"2 × {socks.product_name}" in text
        assert all(line.replace("'", "&#x27;") in html and line in email.body for line in address)
        assert order.number in text
