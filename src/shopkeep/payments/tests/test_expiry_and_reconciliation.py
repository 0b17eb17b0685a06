"""Authorisations are renewed before they expire, and authorisations left without an order
(the process died between authorising and saving the order) are voided by reconciliation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout import services as checkout_services
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.services import authorisations_expiring_handle, authorisations_reconcile
from shopkeep.payments.tests.factories import order_placed, payment_authorised
from shopkeep.sandbox_gateway.models import Behaviour, SandboxCharge, SandboxToken
from shopkeep.sandbox_gateway.services import faults
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db


def _age(payment: Payment, **delta) -> None:
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(**delta))


@pytest.mark.promise("P-18")
def test_an_authorisation_a_day_from_expiry_is_renewed_with_the_stored_token_and_the_old_one_voided():
    # given
    order, _ = order_placed(price="20.00")
    old = Payment.objects.get(order=order)
    _age(old, days=6, hours=1)

    # when
    counts = authorisations_expiring_handle(now=timezone.now())

    # then
    assert counts == {"reauthorised": 1, "flagged": 0}
    old.refresh_from_db()
    fresh = Payment.objects.filter(order=order).exclude(pk=old.pk).get()
    assert (old.status, fresh.status, fresh.amount, fresh.token) == (
        Payment.Status.VOIDED, Payment.Status.AUTHORISED, old.amount, old.token)
    assert list(fresh.events.values_list("kind", "result")) == [("reauthorise", "ok")]
    assert list(old.events.values_list("kind", flat=True)) == ["authorise", "void"]
    assert sorted(SandboxCharge.objects.values_list("status", flat=True)) == ["authorised", "voided"]


@pytest.mark.promise("P-18")
def test_a_young_authorisation_is_left_alone():
    # given
    order, _ = order_placed()
    payment = Payment.objects.get(order=order)
    _age(payment, days=5, hours=23)

    # when
    counts = authorisations_expiring_handle(now=timezone.now())

    # then
    assert counts == {"reauthorised": 0, "flagged": 0}
    assert list(Payment.objects.values_list("status", flat=True)) == [Payment.Status.AUTHORISED]


@pytest.mark.promise("P-18")
def test_a_renewal_the_card_declines_flags_the_order_for_customer_service():
    # given
    order, _ = order_placed()
    payment = Payment.objects.get(order=order)
    _age(payment, days=6, hours=1)
    SandboxToken.objects.filter(token=payment.token).update(behaviour=Behaviour.DECLINE)

    # when
    counts = authorisations_expiring_handle(now=timezone.now())

    # then
    assert counts == {"reauthorised": 0, "flagged": 1}
    order.refresh_from_db()
    assert order.hold_reasons == [
        "The card authorisation expires soon and could not be renewed: Your card was declined. "
        "Please use another card or contact your bank."]
    payment.refresh_from_db()
    assert payment.status == Payment.Status.AUTHORISED  # kept until customer service decides


@pytest.mark.promise("P-18")
def test_an_authorisation_without_an_order_is_voided_after_the_grace_period_only():
    # given
    payment = payment_authorised(amount="10.00")
    _age(payment, minutes=29)

    # when
    early = authorisations_reconcile()
    _age(payment, minutes=31)
    late = authorisations_reconcile()

    # then
    assert (early, late) == (0, 1)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.VOIDED
    assert SandboxCharge.objects.get().status == "voided"


@pytest.mark.promise("P-18")
def test_a_crash_between_authorising_and_saving_the_order_leaves_no_orphan_charge_after_reconciliation(monkeypatch):
    # given: the process dies right after the gateway authorised
    variant = variant_create(product=product_create(name="Crash Socks"), size="M", price="20.00", stock=5)
    cart = cart_with_lines((variant, 1))
    token = card_token_create().token

    def crash(**kwargs):
        raise RuntimeError("process killed")

    monkeypatch.setattr(checkout_services, "order_create", crash)
    with pytest.raises(RuntimeError):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    monkeypatch.undo()
    orphan = Payment.objects.get()
    assert (orphan.status, orphan.order, Order.objects.count()) == (Payment.Status.AUTHORISED, None, 0)

    # when: reconciliation runs after the grace period, then the customer tries again
    voided = authorisations_reconcile(older_than=timedelta(minutes=30), now=timezone.now() + timedelta(minutes=31))
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    order, created = result.order, not result.replayed

    # then
    assert (voided, created) == (1, True)
    orphan.refresh_from_db()
    assert orphan.status == Payment.Status.VOIDED
    assert Payment.objects.filter(status=Payment.Status.AUTHORISED).get().order == order
    assert sorted(SandboxCharge.objects.values_list("status", flat=True)) == ["authorised", "voided"]
    assert sum(SandboxCharge.objects.filter(status="authorised").values_list("amount", flat=True)) == order.total
    assert Payment.objects.filter(status=Payment.Status.AUTHORISED, order__isnull=True).count() == 0
    variant.refresh_from_db()
    assert variant.stock == 4


@pytest.mark.promise("P-18")
def test_a_retry_after_a_crash_but_before_reconciliation_reuses_the_authorisation(monkeypatch):
    # given
    variant = variant_create(product=product_create(name="Crash Socks"), size="M", price="20.00", stock=5)
    cart = cart_with_lines((variant, 1))
    token = card_token_create().token
    def crash(**kwargs):
        raise RuntimeError("process killed")

    monkeypatch.setattr(checkout_services, "order_create", crash)
    with pytest.raises(RuntimeError):
        checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    monkeypatch.undo()

    # when
    result = checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
    order, created = result.order, not result.replayed
    voided = authorisations_reconcile(older_than=timedelta(0), now=timezone.now() + timedelta(minutes=31))

    # then: one authorisation, now with its order; nothing to void
    assert (created, voided) == (True, 0)
    assert list(Payment.objects.values_list("status", "order")) == [(Payment.Status.AUTHORISED, order.pk)]
    assert SandboxCharge.objects.count() == 1


@pytest.mark.promise("P-18")
def test_the_maintenance_command_runs_renewal_and_reconciliation_once(capsys):
    # given
    orphan = payment_authorised(amount="10.00", key="orphan")
    _age(orphan, hours=1)

    # when
    call_command("payments_maintenance")

    # then
    assert capsys.readouterr().out.strip() == (
        "Renewed 0 authorisation(s), flagged 0 order(s) for customer service, "
        "voided 1 authorisation(s) without an order.")
    orphan.refresh_from_db()
    assert orphan.status == Payment.Status.VOIDED
    assert PaymentEvent.objects.filter(kind="void", result="ok").count() == 1
    assert Decimal(orphan.amount) == Decimal("10.00")


@pytest.mark.promise("P-18")
def test_a_refused_renewal_flags_the_order_once_however_often_the_task_runs():
    # given
    order, _ = order_placed()
    payment = Payment.objects.get(order=order)
    _age(payment, days=6, hours=1)
    SandboxToken.objects.filter(token=payment.token).update(behaviour=Behaviour.DECLINE)

    # when
    first = authorisations_expiring_handle(now=timezone.now())
    second = authorisations_expiring_handle(now=timezone.now() + timedelta(hours=1))

    # then
    assert (first, second) == ({"reauthorised": 0, "flagged": 1}, {"reauthorised": 0, "flagged": 0})
    order.refresh_from_db()
    assert len(order.hold_reasons) == 1


@pytest.mark.promise("P-18")
def test_a_renewal_whose_old_void_timed_out_is_not_repeated_on_the_next_run():
    # given
    order, _ = order_placed()
    old = Payment.objects.get(order=order)
    _age(old, days=6, hours=1)
    with faults(void="timeout"):
        authorisations_expiring_handle(now=timezone.now())
    old.refresh_from_db()
    status_after_timeout = old.status

    # when
    counts = authorisations_expiring_handle(now=timezone.now() + timedelta(hours=1))

    # then
    old.refresh_from_db()
    assert (status_after_timeout, old.status) == (Payment.Status.AUTHORISED, Payment.Status.VOIDED)
    assert counts == {"reauthorised": 1, "flagged": 0}
    assert Payment.objects.filter(order=order, status=Payment.Status.AUTHORISED).count() == 1
    assert sorted(SandboxCharge.objects.values_list("status", flat=True)) == ["authorised", "voided"]
