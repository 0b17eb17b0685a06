"""A card that refuses to renew an authorisation flags the order: payments sends a signal, orders acts on it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.orders.models import Order
from shopkeep.orders.receivers import order_flag_on_failed_renewal
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.payments.services import authorisations_expiring_handle
from shopkeep.payments.signals import authorisation_renewal_failed
from shopkeep.sandbox_gateway.models import Behaviour, SandboxToken

pytestmark = pytest.mark.django_db

REASON = ("The card authorisation expires soon and could not be renewed: Your card was declined. "
          "Please use another card or contact your bank.")


def test_orders_flags_the_order_when_payments_reports_a_failed_renewal():
    # given
    order = order_place(quantities=(1,), prices=("20.00",))
    payment = Payment.objects.get(order=order)

    # when
    responses = authorisation_renewal_failed.send(sender=Payment, payment=payment, reason="Renewal refused.")

    # then: exactly one receiver, connected by OrdersConfig.ready
    assert [receiver for receiver, _ in responses] == [order_flag_on_failed_renewal]
    order.refresh_from_db()
    assert (order.status, order.hold_reasons) == (Order.Status.ON_HOLD, ["Renewal refused."])


@pytest.mark.promise("P-18")
def test_a_renewal_the_card_refuses_holds_the_order_for_customer_service_with_the_reason():
    # given
    order = order_place(quantities=(1,), prices=("20.00",))
    payment = Payment.objects.get(order=order)
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(days=6, hours=1))
    SandboxToken.objects.filter(token=payment.token).update(behaviour=Behaviour.DECLINE)

    # when
    counts = authorisations_expiring_handle(now=timezone.now())

    # then
    assert counts == {"reauthorised": 0, "flagged": 1}
    order.refresh_from_db()
    assert (order.status, order.hold_reasons) == (Order.Status.ON_HOLD, [REASON])
    assert list(order.events.filter(to_status=Order.Status.ON_HOLD).values_list("note", flat=True)) == [REASON]


def test_a_second_run_does_not_flag_the_order_again():
    # given
    order = order_place(quantities=(1,), prices=("20.00",))
    payment = Payment.objects.get(order=order)
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(days=6, hours=1))
    SandboxToken.objects.filter(token=payment.token).update(behaviour=Behaviour.DECLINE)
    authorisations_expiring_handle(now=timezone.now())

    # when
    counts = authorisations_expiring_handle(now=timezone.now() + timedelta(hours=1))

    # then
    assert counts == {"reauthorised": 0, "flagged": 0}
    order.refresh_from_db()
    assert order.hold_reasons == [REASON]
