"""Customers ask for a return from the order page, guests from their signed order link (P-22)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shopkeep.customers.tests.factories import customer_create
from shopkeep.orders.fulfilment import order_dispatch, order_mark_delivered
from shopkeep.orders.models import Order, ReturnRequest
from shopkeep.orders.services import order_confirmation_path
from shopkeep.orders.tests.factories import order_place

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def delivered(**kwargs):
    order = order_place(**kwargs)
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="T-9", by=None)
    order_mark_delivered(order=order)
    order.refresh_from_db()
    return order


def return_url(order) -> str:
    token = order_confirmation_path(order).rstrip("/").rsplit("/", 1)[-1]
    return reverse("orders:return", args=[token])


@pytest.mark.promise("P-22")
def test_a_guest_asks_for_a_refund_from_the_signed_link_without_getting_a_cookie(client):
    # given
    order = delivered()
    socks = order.lines.order_by("id").first()
    confirmation = client.get(order_confirmation_path(order)).content.decode()

    # when
    page = client.get(return_url(order))
    response = client.post(return_url(order), {f"quantity_{socks.pk}": 1, "kind": "refund", "reason": "Too small"},
                           **SAME_ORIGIN)

    # then
    assert 'href="/orders/return/' in confirmation and "T-9" in confirmation
    assert page.status_code == 200 and page.cookies == {}
    assert response.status_code == 200
    assert "we have your request" in response.content.decode()
    request = ReturnRequest.objects.get(order=order)
    assert (request.kind, request.reason, [(i.line_id, i.quantity) for i in request.lines.all()]) == (
        "refund", "Too small", [(socks.pk, 1)])
    order.refresh_from_db()
    assert order.status == Order.Status.RETURN_REQUESTED


def test_the_customer_order_page_links_to_the_return_form(client):
    # given
    customer = customer_create(email="ada@example.com")
    order = delivered(customer=customer)
    client.force_login(customer)

    # when
    page = client.get(reverse("orders:account_order", args=[order.number])).content.decode()

    # then
    assert "Return or exchange items" in page
    assert 'href="/orders/return/' in page


@pytest.mark.promise("P-22")
def test_after_the_window_the_return_form_is_closed(client):
    # given
    order = delivered()
    Order.objects.filter(pk=order.pk).update(delivered_at=timezone.now() - timedelta(days=15))
    socks = order.lines.order_by("id").first()

    # when
    response = client.post(return_url(order), {f"quantity_{socks.pk}": 1, "kind": "refund", "reason": "late"},
                           **SAME_ORIGIN)

    # then
    assert "Returns are accepted within 14 days of delivery" in response.content.decode()
    assert ReturnRequest.objects.count() == 0


def test_a_return_without_items_is_refused_with_a_message(client):
    # given
    order = delivered()

    # when
    response = client.post(return_url(order), {"kind": "refund", "reason": "Too small"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 400
    assert "Choose at least one item to return." in response.content.decode()
    assert ReturnRequest.objects.count() == 0


def test_a_cross_site_post_is_refused(client):
    # given
    order = delivered()
    socks = order.lines.order_by("id").first()

    # when
    response = client.post(return_url(order), {f"quantity_{socks.pk}": 1, "kind": "refund", "reason": "x"},
                           HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert ReturnRequest.objects.count() == 0
