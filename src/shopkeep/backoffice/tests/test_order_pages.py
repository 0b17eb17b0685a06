"""Staff order pages: each only for its role (403 otherwise), personal data audited, actions move goods and money."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login
from shopkeep.orders.fulfilment import order_dispatch, order_mark_delivered, return_request
from shopkeep.orders.models import Order, PhoneVerification
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.privacy.models import AuditEntry
from shopkeep.sandbox_gateway.tests.factories import ADDRESS_FAILS

pytestmark = pytest.mark.django_db

PASSWORD = "a long staff password 1"


def staff_client(client, role: str):
    return staff_login(client, role)


def pages(order, return_id=None):
    """(url name, args, method, roles allowed) for every staff order page."""
    return [
        ("backoffice:dispatch_list", [], "get", (Role.FULFILMENT,)),
        ("backoffice:dispatch_order", [order.number], "get", (Role.FULFILMENT,)),
        ("backoffice:dispatch_order", [order.number], "post", (Role.FULFILMENT,)),
        ("backoffice:order_delivered", [order.number], "post", (Role.FULFILMENT, Role.CUSTOMER_SERVICE)),
        ("backoffice:order_cancel", [order.number], "post", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:fraud_list", [], "get", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:fraud_review", [order.number], "get", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:fraud_review", [order.number], "post", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:returns_list", [], "get", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:return_handle", [return_id or 1], "get", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:return_handle", [return_id or 1], "post", (Role.CUSTOMER_SERVICE,)),
        ("backoffice:terminal", [], "get", (Role.BILLING,)),
        ("backoffice:terminal", [], "post", (Role.BILLING,)),
        ("backoffice:terminal_return", ["x"], "get", (Role.BILLING,)),
        ("backoffice:home", [], "get", tuple(Role.values)),  # every role has its own home
    ]


@pytest.mark.promise("P-20")
@pytest.mark.parametrize("role", [Role.MARKETING, Role.BILLING, Role.FULFILMENT, Role.CUSTOMER_SERVICE])
def test_every_staff_order_page_refuses_the_wrong_role_and_changes_nothing(client, role):
    # given
    order = order_place(card=ADDRESS_FAILS)
    staff_client(client, role)

    # when
    refused = [(name, method) for name, args, method, allowed in pages(order) if role not in allowed
               and getattr(client, method)(reverse(name, args=args)).status_code != 403]

    # then
    assert refused == []
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD
    assert AuditEntry.objects.count() == 0


def test_a_customer_or_visitor_is_sent_to_log_in(client):
    # given
    order = order_place()

    # when
    response = client.get(reverse("backoffice:dispatch_order", args=[order.number]))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))


@pytest.mark.promise("P-18")
def test_fulfilment_sees_the_address_audited_and_dispatch_captures_the_parcel(client):
    # given
    order = order_place()
    fulfilment = staff_client(client, Role.FULFILMENT)
    socks, lamp = order.lines.order_by("id")

    # when
    page = client.get(reverse("backoffice:dispatch_order", args=[order.number]))
    response = client.post(reverse("backoffice:dispatch_order", args=[order.number]),
                           {f"line_{socks.pk}": 2, f"line_{lamp.pk}": 0, "carrier": "DPD", "tracking_number": "T-1"})

    # then
    assert page.status_code == 200
    assert "12 St James&#x27;s Square" in page.content.decode()
    assert "ada@example.com" not in page.content.decode()
    [entry] = AuditEntry.objects.filter(staff=fulfilment)
    assert entry.reason == f"dispatch of order {order.number}"
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_DISPATCHED
    assert Payment.objects.get(order=order).captured_amount == Decimal("28.95")


@pytest.mark.promise("P-20")
def test_customer_service_records_a_phone_check_and_approves_a_held_order(client):
    # given
    order = order_place(card=ADDRESS_FAILS, client_ip="81.2.69.142")
    agent = staff_client(client, Role.CUSTOMER_SERVICE)

    # when
    page = client.get(reverse("backoffice:fraud_review", args=[order.number]))
    response = client.post(reverse("backoffice:fraud_review", args=[order.number]),
                           {"called_at": "2026-01-02 10:30", "outcome": "confirmed", "note": "All fine",
                            "decision": "approve"})

    # then
    content = page.content.decode()
    assert "The billing address did not match the card" in content
    assert "+44 20 7946 0000" in content and "81.2.69.142" in content
    assert AuditEntry.objects.filter(staff=agent, reason=f"fraud review of order {order.number}").count() == 2
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.READY_TO_DISPATCH
    assert PhoneVerification.objects.get(order=order).note == "All fine"


def test_approving_without_a_confirmed_call_is_refused_with_a_message(client):
    # given
    order = order_place(card=ADDRESS_FAILS)
    staff_client(client, Role.CUSTOMER_SERVICE)

    # when
    response = client.post(reverse("backoffice:fraud_review", args=[order.number]),
                           {"called_at": "2026-01-02 10:30", "outcome": "unreachable", "decision": "approve"})

    # then
    assert response.status_code == 400
    assert "only after the customer confirmed it" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.ON_HOLD


@pytest.mark.promise("P-22")
def test_customer_service_refunds_a_received_return(client):
    # given
    order = order_place()
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="1", by=None)
    order_mark_delivered(order=order)
    socks = order.lines.order_by("id").first()
    request = return_request(order=order, quantities={socks.pk: 2}, reason="Too small", kind="refund")
    staff_client(client, Role.CUSTOMER_SERVICE)

    # when: the clerk checks the refund, is shown what it does, then confirms it
    url = reverse("backoffice:return_handle", args=[request.pk])
    review = client.post(url, {"action": "refund_review", "amount": "25.00"})
    response = client.post(url, {"action": "refund", "amount": "25.00"})

    # then
    assert review.status_code == 200 and "goes back to the customer's card" in review.content.decode()
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.RETURNED
    assert Payment.objects.get(order=order).refunded_amount == Decimal("25.00")
