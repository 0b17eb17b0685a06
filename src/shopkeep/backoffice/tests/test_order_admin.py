"""Orders and customers in the back office: search, the order in full, and actions that confirm before acting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shopkeep.orders.fulfilment import order_dispatch
from shopkeep.orders.models import Order
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


def test_searching_by_email_finds_the_orders_through_the_blind_index(client):
    # given: two customers' orders; the email column is encrypted
    ada = order_place(email="Ada@Example.com")
    grace = order_place(email="grace@example.com")
    staff_login(client, Role.CUSTOMER_SERVICE)

    # when
    html = client.get(reverse("backoffice_orders:list"), {"q": " ada@example.COM "}).content.decode()

    # then
    assert ada.number in html and grace.number not in html
    assert "1 order found" in html


def test_orders_filter_by_status_and_find_by_number(client):
    # given
    shipped = order_place()
    order_dispatch(order=shipped, quantities={line.pk: line.quantity for line in shipped.lines.all()}, carrier="DPD",
                   tracking_number="T", by=None)
    waiting = order_place()
    staff_login(client, Role.BILLING)

    # when
    by_status = client.get(reverse("backoffice_orders:list"), {"status": "dispatched"}).content.decode()
    by_number = client.get(reverse("backoffice_orders:list"), {"q": waiting.number}).content.decode()
    bad_date = client.get(reverse("backoffice_orders:list"), {"placed_from": "not a date"})

    # then
    assert shipped.number in by_status and waiting.number not in by_status
    assert waiting.number in by_number and shipped.number not in by_number
    assert bad_date.status_code == 200 and "Enter a valid date" in bad_date.content.decode()


def test_the_order_page_shows_the_timeline_payments_parcels_and_is_audited_with_the_fields_shown(
        client, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place()
        order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                       tracking_number="TRACK-77", by=None)
    staff_login(client, Role.CUSTOMER_SERVICE)

    # when
    html = client.get(reverse("backoffice_orders:detail", args=[order.number])).content.decode()

    # then
    for text in ("Placed", "Being prepared", "Parcel 1 dispatched", "DPD TRACK-77", "Payment: Capture",
                 "Email sent</strong> — Your order", "Your order is on its way", "ada@example.com", "Timeline"):
        assert text in html, text
    fields = {field for entry in AuditEntry.objects.filter(subject_ref=order.number) for field in entry.fields}
    assert {"orders.Order.email", "orders.Shipment.tracking_number", "customers.Address.line1"} <= fields
    assert not any(field.startswith("payments.Payment.card") for field in fields)


def test_cancel_shows_its_consequence_first_then_voids_the_authorisation(client):
    # given
    order = order_place()
    staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice_orders:cancel", args=[order.number])

    # when
    detail = client.get(reverse("backoffice_orders:detail", args=[order.number])).content.decode()
    confirm = client.get(url).content.decode()
    untouched = Payment.objects.get(order=order).status
    done = client.post(url, {"note": "Customer changed their mind"})

    # then
    assert url in detail
    assert "card authorisation of €58.95 is voided" in confirm and 'class="bo-danger"' in confirm
    assert untouched == Payment.Status.AUTHORISED
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert Payment.objects.get(order=order).status == Payment.Status.VOIDED


def test_a_goodwill_refund_is_checked_then_confirmed_and_never_more_than_captured(client):
    # given
    order = order_place()
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="T", by=None)
    staff_login(client, Role.BILLING)
    url = reverse("backoffice_orders:refund", args=[order.number])
    form = {"kind": "goodwill", "amount": "7.50", "reason": "Parcel arrived late", "key": "abc"}

    # when
    too_much = client.post(url, {**form, "amount": "60.00"})
    review = client.post(url, {**form, "step": "review"})
    refunded_before_confirming = Payment.objects.get(order=order).refunded_amount
    done = client.post(url, {**form, "step": "confirm"})

    # then
    assert too_much.status_code == 400 and "At most 58.95 EUR" in too_much.content.decode()
    assert "Parcel arrived late" in review.content.decode() and refunded_before_confirming == Decimal("0.00")
    assert done.status_code == 302
    assert Payment.objects.get(order=order).refunded_amount == Decimal("7.50")


def test_reject_and_cancel_looks_different_from_approve(client):
    # given
    from shopkeep.sandbox_gateway.tests.factories import ADDRESS_FAILS

    order = order_place(card=ADDRESS_FAILS)
    staff_login(client, Role.CUSTOMER_SERVICE)

    # when
    html = client.get(reverse("backoffice:fraud_review", args=[order.number])).content.decode()

    # then
    assert '<button type="submit" name="decision" value="approve">' in html
    assert 'value="reject" class="bo-danger"' in html


def test_customers_are_found_by_email_and_open_with_their_orders(client):
    # given
    from shopkeep.customers.models import User

    customer = User.objects.create_user("lin@example.com", "a long customer password 1", name="Lin")
    order = order_place(customer=customer, email="lin@example.com")
    staff_login(client, Role.CUSTOMER_SERVICE)

    # when
    found = client.get(reverse("backoffice_orders:customers"), {"q": "LIN@example.com"}).content.decode()
    page = client.get(reverse("backoffice_orders:customer", args=[customer.customer_number])).content.decode()

    # then
    assert customer.customer_number in found and "lin@example.com" in found
    assert order.number in page and "Lin" in page


def delivered_with_return(kind: str = "refund", **extra):
    from shopkeep.orders.fulfilment import order_mark_delivered, return_request

    order = order_place()
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DPD",
                   tracking_number="T", by=None)
    order_mark_delivered(order=order)
    socks = order.lines.order_by("id").first()
    return order, socks, return_request(order=order, quantities={socks.pk: 1}, reason="Too small", kind=kind,
                                        **{key: value(socks) for key, value in extra.items()})


def test_customer_service_refuses_a_return_with_a_reason_after_seeing_what_it_does(client):
    # given
    from shopkeep.orders.models import ReturnRequest

    order, _, request = delivered_with_return()
    staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice_orders:return_refuse", args=[request.pk])

    # when
    handle = client.get(reverse("backoffice:return_handle", args=[request.pk])).content.decode()
    confirm = client.get(url).content.decode()
    without_reason = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "The socks were worn"})

    # then
    assert url in handle and "Nothing is refunded" in confirm
    assert without_reason.status_code == 400 and "Give the reason" in without_reason.content.decode()
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == (ReturnRequest.Status.REFUSED, "The socks were worn")
    assert Payment.objects.get(order=order).refunded_amount == Decimal("0.00")


def test_an_exchange_received_by_customer_service_is_sent_by_fulfilment_from_the_dispatch_queue(client):
    # given
    from shopkeep.catalog.tests.factories import variant_create
    from shopkeep.testing.staff import staff_user

    larger = {}

    def other_size(socks):
        larger["variant"] = variant_create(product=socks.variant.product, sku="SOCKS-XL", size="XL", price="12.50",
                                           stock=3)
        return {socks.pk: larger["variant"].pk}

    order, _, request = delivered_with_return(kind="exchange", exchange_variants=other_size)
    cs, fulfilment = staff_user(Role.CUSTOMER_SERVICE), staff_user(Role.FULFILMENT)

    # when: customer service confirms the goods arrived
    staff_login(client, cs)
    client.post(reverse("backoffice:return_handle", args=[request.pk]), {"action": "exchange"})
    client.logout()
    staff_login(client, fulfilment)
    queue = client.get(reverse("backoffice:dispatch_list")).content.decode()
    page = client.get(reverse("backoffice_orders:replacement", args=[request.pk])).content.decode()
    sent = client.post(reverse("backoffice_orders:replacement", args=[request.pk]),
                       {"carrier": "DPD", "tracking_number": "X-9"})

    # then: it was in the queue with the delivery address, and left uncharged
    assert f"Send replacement for {order.number}" in queue
    assert "12 St James" in page and "size XL" in page
    assert sent.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.EXCHANGED
    assert Payment.objects.get(order=order).captured_amount == Decimal("58.95")


def test_resending_says_which_email_goes_out_then_sends_it(client, mailoutbox, django_capture_on_commit_callbacks):
    # given
    order = order_place()
    staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice_orders:resend", args=[order.number])

    # when
    confirm = client.get(url).content.decode()
    sent_before = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    # then
    assert "current state" in confirm and len(mailoutbox) == sent_before + 1
    assert order.events.filter(note__startswith="Resent").exists()
