"""A process that dies around the gateway call leaves no money held without an order, and no order unpaid.

The kill is simulated by raising at the two dangerous points: after the gateway authorised but before the
answer was saved, and after the Payment was saved but before the order was written. The intent row is
committed before the gateway call, so reconciliation (payments_maintenance) finds it by idempotency key."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout import services as checkout_services
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.orders.models import Order
from shopkeep.payments import services as payment_services
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db(transaction=True)


class Killed(BaseException):
    """Stands for kill -9: nothing after this point runs (not even `except Exception` handlers)."""


def die(*args, **kwargs):
    raise Killed()


@pytest.fixture
def cart():
    socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                           stock=5)
    return cart_with_lines((socks, 2))


def reconcile_later():
    """payments_maintenance as the hourly job runs it, after the grace period."""
    Payment.objects.update(created_at=timezone.now() - timedelta(hours=2))
    call_command("payments_maintenance")


def held_without_order() -> list:
    """Authorisations still live at the gateway whose payment has no order."""
    live = set(SandboxCharge.objects.filter(status=SandboxCharge.Status.AUTHORISED).values_list("reference", flat=True))
    return [p for p in Payment.objects.filter(order__isnull=True) if p.reference in live]


def unpaid_orders() -> list:
    return [o for o in Order.objects.all() if not o.payments.filter(status__in=["authorised", "captured"]).exists()]


def test_a_crash_between_the_gateway_call_and_saving_the_answer_is_reconciled(cart, monkeypatch):
    # given: the process dies right after the gateway authorised
    monkeypatch.setattr(payment_services, "payment_outcome_record", die)

    # when
    with pytest.raises(Killed):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)
    monkeypatch.undo()

    # then: the gateway holds the money, and the committed intent says so
    intent = Payment.objects.get()
    assert (intent.status, intent.reference) == ("pending", "")
    assert SandboxCharge.objects.get().status == SandboxCharge.Status.AUTHORISED

    # when
    reconcile_later()

    # then: the authorisation was found by its key, recorded, and released
    intent.refresh_from_db()
    charge = SandboxCharge.objects.get()
    assert (intent.status, intent.reference) == ("voided", charge.reference)
    assert charge.status == SandboxCharge.Status.VOIDED
    assert held_without_order() == [] and unpaid_orders() == [] and Order.objects.count() == 0


def test_a_crash_between_saving_the_payment_and_writing_the_order_is_reconciled(cart, monkeypatch):
    # given: the process dies after the payment was saved, before the order
    monkeypatch.setattr(checkout_services, "_place", die)

    # when
    with pytest.raises(Killed):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)
    monkeypatch.undo()
    assert Payment.objects.get().status == "authorised"

    # when
    reconcile_later()

    # then
    assert Payment.objects.get().status == "voided"
    assert SandboxCharge.objects.get().status == SandboxCharge.Status.VOIDED
    assert held_without_order() == [] and unpaid_orders() == [] and Order.objects.count() == 0


def test_a_crash_before_the_gateway_was_reached_leaves_an_abandoned_intent(cart, monkeypatch):
    # given: the process dies after recording the intent, before the request reached the gateway
    from shopkeep.payments.gateways.sandbox import SandboxGateway

    monkeypatch.setattr(SandboxGateway, "authorise", die)
    with pytest.raises(Killed):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=card_token_create().token)
    monkeypatch.undo()

    # when
    reconcile_later()

    # then
    assert Payment.objects.get().status == "abandoned"
    assert SandboxCharge.objects.count() == 0 and Order.objects.count() == 0


def test_a_customer_retrying_after_the_crash_gets_one_authorisation_and_one_order(cart, monkeypatch):
    # given: the first attempt died after the gateway authorised
    token = card_token_create().token
    monkeypatch.setattr(payment_services, "payment_outcome_record", die)
    with pytest.raises(Killed):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    monkeypatch.undo()

    # when: the customer presses the button again, and later the upkeep runs
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    reconcile_later()

    # then
    payment = Payment.objects.get()
    assert (result.replayed, payment.order, payment.status) == (False, result.order, "authorised")
    assert SandboxCharge.objects.count() == 1
    assert held_without_order() == [] and unpaid_orders() == []
