"""Regression: a return on an order whose authorisation was renewed between two shipments is refunded
over both payments (the back office used to refuse: "At most 20.00 EUR can be refunded")."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login
from shopkeep.money import Money
from shopkeep.orders.errors import RefundTooLarge
from shopkeep.orders.fulfilment import (
    order_dispatch,
    order_mark_delivered,
    return_refund,
    return_request,
    return_value,
)
from shopkeep.orders.models import Order, ReturnRequest
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.selectors import order_refundable
from shopkeep.payments.services import payment_reauthorise

pytestmark = pytest.mark.django_db


def dispatched_in_two_shipments_around_a_renewal() -> Order:
    """Two items at 20.00 and shipping 3.95: the first parcel captures 23.95, the authorisation is
    renewed for the remaining 20.00, and the second parcel captures those 20.00 on the new payment."""
    order = order_place(quantities=(1, 1), prices=("20.00", "20.00"))
    first_line, second_line = order.lines.order_by("id")
    order_dispatch(order=order, quantities={first_line.pk: 1}, carrier="DPD", tracking_number="1", by=None)
    payment_reauthorise(payment=Payment.objects.get(order=order))
    order_dispatch(order=order, quantities={second_line.pk: 1}, carrier="DPD", tracking_number="2", by=None)
    order_mark_delivered(order=order)
    return order


@pytest.mark.promise("P-22")
def test_the_back_office_refunds_a_return_spanning_the_payments_of_a_renewed_authorisation(client):
    # given
    order = dispatched_in_two_shipments_around_a_renewal()
    assert order_refundable(order=order) == Money(Decimal("43.95"), "EUR")
    request = return_request(order=order, quantities={line.pk: 1 for line in order.lines.all()},
                             reason="Not what I expected", kind="refund")
    staff_login(client, Role.CUSTOMER_SERVICE)

    # when
    response = client.post(reverse("backoffice:return_handle", args=[request.pk]),
                           {"action": "refund", "amount": str(return_value(request=request).amount)})

    # then
    assert response.status_code == 302
    request.refresh_from_db()
    order.refresh_from_db()
    assert (request.status, request.refunded_amount, order.status) == (
        ReturnRequest.Status.REFUNDED, Decimal("40.00"), Order.Status.RETURNED)
    first, second = Payment.objects.filter(order=order).order_by("created_at", "id")
    assert [(p.captured_amount, p.refunded_amount) for p in (first, second)] == [
        (Decimal("23.95"), Decimal("20.00")), (Decimal("20.00"), Decimal("20.00"))]
    assert list(PaymentEvent.objects.filter(kind="refund").order_by("id").values_list("payment", "amount")) == [
        (second.pk, Decimal("20.00")), (first.pk, Decimal("20.00"))]
    assert order_refundable(order=order) == Money(Decimal("3.95"), "EUR")


def test_a_refund_above_what_all_payments_hold_is_refused_and_nothing_changes(client):
    # given
    order = dispatched_in_two_shipments_around_a_renewal()
    request = return_request(order=order, quantities={line.pk: 1 for line in order.lines.all()},
                             reason="Not what I expected", kind="refund")

    # when
    with pytest.raises(RefundTooLarge) as refused:
        return_refund(request=request, by=None, amount=Money(Decimal("43.96"), "EUR"))

    # then
    assert str(refused.value) == "At most 43.95 EUR can be refunded."
    request.refresh_from_db()
    order.refresh_from_db()
    assert (request.status, request.refunded_amount, order.status) == (
        ReturnRequest.Status.REQUESTED, Decimal("0.00"), Order.Status.RETURN_REQUESTED)
    assert PaymentEvent.objects.filter(kind="refund").count() == 0
    assert order_refundable(order=order) == Money(Decimal("43.95"), "EUR")
