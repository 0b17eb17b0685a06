"""The order lifecycle: one transition table; an illegal move raises and changes nothing; each move is recorded."""

import pytest

from shopkeep.orders.errors import IllegalTransition
from shopkeep.orders.models import Order, OrderEvent
from shopkeep.orders.services import TRANSITIONS, order_flag, order_transition
from shopkeep.orders.tests.factories import order_place

pytestmark = pytest.mark.django_db

S = Order.Status
PAIRS = [(current, to) for current in S.values for to in S.values]


def test_a_new_order_that_passes_screening_is_ready_to_dispatch():
    # given / when
    order = order_place()

    # then
    order.refresh_from_db()
    assert order.status == S.READY_TO_DISPATCH
    status_events = order.events.filter(kind=OrderEvent.Kind.STATUS)
    assert list(status_events.values_list("from_status", "to_status")) == [(S.PLACED, S.READY_TO_DISPATCH)]


def test_every_status_has_a_row_in_the_transition_table():
    # given / when / then
    assert set(TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("current", "to"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_a_transition_happens_only_if_the_table_allows_it(current, to, django_user_model):
    # given
    order = order_place()
    Order.objects.filter(pk=order.pk).update(status=current)
    order.refresh_from_db()
    events_before = OrderEvent.objects.filter(order=order).count()
    staff = django_user_model.objects.create_user("staff@example.com", "pw", is_staff=True)

    # when
    if to in TRANSITIONS[current]:
        order_transition(order=order, to=to, by=staff, note="test")

        # then
        order.refresh_from_db()
        assert order.status == to
        event = OrderEvent.objects.filter(order=order, kind=OrderEvent.Kind.STATUS).last()
        assert (event.from_status, event.to_status, event.by, event.note) == (current, to, staff, "test")
    else:
        with pytest.raises(IllegalTransition) as raised:
            order_transition(order=order, to=to, by=staff, note="test")

        # then
        assert str(raised.value) == (f"Order {order.number} is {current.replace('_', ' ')} and cannot become "
                                     f"{to.replace('_', ' ')}.")
        order.refresh_from_db()
        assert order.status == current
        assert OrderEvent.objects.filter(order=order).count() == events_before


def test_the_customer_is_emailed_when_an_order_is_cancelled(mailoutbox, django_capture_on_commit_callbacks):
    # given
    order = order_place()
    mailoutbox.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to=S.CANCELLED, note="customer asked")

    # then
    assert [message.subject for message in mailoutbox] == [f"Your order has been cancelled ({order.number})"]
    assert mailoutbox[0].to == ["ada@example.com"]


def test_delivery_records_when_the_order_was_delivered():
    # given
    order = order_place()
    Order.objects.filter(pk=order.pk).update(status=S.DISPATCHED)
    order.refresh_from_db()

    # when
    order_transition(order=order, to=S.DELIVERED)

    # then
    order.refresh_from_db()
    assert order.delivered_at is not None


def test_flagging_a_ready_order_holds_it_with_the_reason():
    # given
    order = order_place()

    # when
    order_flag(order=order, reason="The authorisation expires before dispatch and could not be renewed.")

    # then
    order.refresh_from_db()
    assert order.status == S.ON_HOLD
    assert order.hold_reasons == ["The authorisation expires before dispatch and could not be renewed."]


def test_flagging_a_dispatched_order_records_the_reason_without_changing_its_status():
    # given
    order = order_place()
    Order.objects.filter(pk=order.pk).update(status=S.DISPATCHED)

    # when
    order_flag(order=order, reason="Check the capture.")

    # then
    order.refresh_from_db()
    assert order.status == S.DISPATCHED
    assert order.hold_reasons == ["Check the capture."]
    assert order.events.last().note == "Flagged for customer service: Check the capture."
