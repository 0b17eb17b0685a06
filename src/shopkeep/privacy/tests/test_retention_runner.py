"""One runner enforces every retention period of the data map, in batches, and says what it removed (P-35)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from shopkeep.cart.models import Cart
from shopkeep.cart.tests.factories import cart_create
from shopkeep.orders.models import Order
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.retention import JOBS, PERIODS, retention_get, retention_run

pytestmark = pytest.mark.django_db

UK_IP = "81.2.69.142"


def aged(model, obj, field: str, *, days: float, now) -> None:
    model.objects.filter(pk=obj.pk).update(**{field: now - timedelta(days=days)})


def test_every_job_enforces_a_declared_period():
    # then each registered job names a period of the data map that has a length
    assert JOBS and all(key in PERIODS and retention_get(key).days for key in JOBS)


def test_each_category_goes_exactly_at_its_period_not_a_day_earlier():
    # given carts and checkout IPs just inside and just past their periods (30 and 90 days), on a frozen clock
    now = timezone.now()
    cart_old, cart_new, cart_ordered = cart_create(), cart_create(), cart_create()
    aged(Cart, cart_old, "updated_at", days=30.01, now=now)
    aged(Cart, cart_new, "updated_at", days=29.99, now=now)
    aged(Cart, cart_ordered, "updated_at", days=400, now=now)
    Cart.objects.filter(pk=cart_ordered.pk).update(ordered_at=now - timedelta(days=400))
    ip_old, ip_new = order_place(client_ip=UK_IP), order_place(client_ip=UK_IP)
    aged(Order, ip_old, "created_at", days=90.01, now=now)
    aged(Order, ip_new, "created_at", days=89.99, now=now)
    # when the runner applies the periods
    outcomes = {o.key: o.count for o in retention_run(now=now, apply=True, batch_size=1)}
    # then exactly the expired items went, and the orders themselves stay
    assert outcomes["cart"] == 1 and outcomes["checkout_ip"] == 1
    assert set(Cart.objects.values_list("pk", flat=True)) >= {cart_new.pk, cart_ordered.pk}
    assert not Cart.objects.filter(pk=cart_old.pk).exists()
    assert (Order.objects.get(pk=ip_old.pk).checkout_ip, Order.objects.get(pk=ip_new.pk).checkout_ip) == (None, UK_IP)
    # and a second run finds nothing left
    assert {o.key: o.count for o in retention_run(now=now, apply=True)} == {
        "cart": 0, "checkout_ip": 0, "contest_entry": 0, "contest_winner": 0, "data_export": 0,
        "erasure_request": 0, "support_ticket": 0}


def test_a_dry_run_counts_and_changes_nothing():
    # given an expired checkout IP
    now = timezone.now()
    order = order_place(client_ip=UK_IP)
    aged(Order, order, "created_at", days=91, now=now)
    # when
    outcomes = {o.key: o.count for o in retention_run(now=now, apply=False)}
    # then
    assert outcomes["checkout_ip"] == 1
    assert Order.objects.get(pk=order.pk).checkout_ip == UK_IP


def test_the_command_prints_per_category_what_would_go_and_why():
    # given an expired checkout IP
    order = order_place(client_ip=UK_IP)
    aged(Order, order, "created_at", days=91, now=timezone.now())
    out = io.StringIO()
    # when
    call_command("retention", "--dry-run", stdout=out)
    # then
    text = out.getvalue()
    assert "checkout_ip: 1 checkout IP addresses of orders would be erased" in text
    assert "kept 90 days after the checkout attempt" in text
    assert Order.objects.get(pk=order.pk).checkout_ip == UK_IP
    call_command("retention", "--apply", stdout=out)
    assert Order.objects.get(pk=order.pk).checkout_ip is None
    assert "checkout_ip: 1 checkout IP addresses of orders erased" in out.getvalue()


def test_the_command_needs_a_mode():
    with pytest.raises(Exception, match="one of the arguments --dry-run --apply is required"):
        call_command("retention")
