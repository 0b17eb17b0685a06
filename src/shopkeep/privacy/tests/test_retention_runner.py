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
from shopkeep.analytics.models import DayTotal
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.customers.models import User
from shopkeep.customers.tests.factories import customer_create
from shopkeep.mailing.campaigns.models import SurveyResponse
from shopkeep.mailing.models import EmailSend, Subscription
from shopkeep.privacy.retention import JOBS, PERIODS, months_before, retention_get, retention_run

pytestmark = pytest.mark.django_db

UK_IP = "81.2.69.142"


def aged(model, obj, field: str, *, days: float, now) -> None:
    model.objects.filter(pk=obj.pk).update(**{field: now - timedelta(days=days)})


def counts(outcomes) -> dict[str, int]:
    """Items per period (several jobs may enforce one period); warnings left out."""
    result: dict[str, int] = {}
    for outcome in outcomes:
        if not outcome.notice:
            result[outcome.key] = result.get(outcome.key, 0) + outcome.count
    return result


@pytest.mark.promise("P-35", clause="period per category")
def test_every_personal_field_of_the_data_map_names_a_declared_period():
    # then no personal field is kept without a period the runner and the policy know
    from shopkeep.privacy.registry import REGISTRY
    periods = {spec.retention for d in REGISTRY.values() for spec in d.personal.values()}
    assert periods and periods <= set(PERIODS)


def test_every_job_enforces_a_declared_period():
    # then each registered job names a period of the data map that has a length
    assert JOBS and all(key in PERIODS and (retention_get(key).days or retention_get(key).months) for key in JOBS)


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
    outcomes = counts(retention_run(now=now, apply=True, batch_size=1))
    # then exactly the expired items went, and the orders themselves stay
    assert outcomes["cart"] == 1 and outcomes["checkout_ip"] == 1
    assert set(Cart.objects.values_list("pk", flat=True)) >= {cart_new.pk, cart_ordered.pk}
    assert not Cart.objects.filter(pk=cart_old.pk).exists()
    assert (Order.objects.get(pk=ip_old.pk).checkout_ip, Order.objects.get(pk=ip_new.pk).checkout_ip) == (None, UK_IP)
    # and a second run finds nothing left
    assert not any(o.count for o in retention_run(now=now, apply=True) if not o.notice)


def test_a_dry_run_counts_and_changes_nothing():
    # given an expired checkout IP
    now = timezone.now()
    order = order_place(client_ip=UK_IP)
    aged(Order, order, "created_at", days=91, now=now)
    # when
    outcomes = counts(retention_run(now=now, apply=False))
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
    assert "kept for 90 days after the checkout attempt" in text
    assert Order.objects.get(pk=order.pk).checkout_ip == UK_IP
    call_command("retention", "--apply", stdout=out)
    assert Order.objects.get(pk=order.pk).checkout_ip is None
    assert "checkout_ip: 1 checkout IP addresses of orders erased" in out.getvalue()


def test_the_command_needs_a_mode():
    with pytest.raises(Exception, match="one of the arguments --dry-run --apply is required"):
        call_command("retention")


def _just(now, days: int, *, inside: bool):
    """A moment one minute inside (or past) a period of `days` days ending `now`."""
    return now - timedelta(days=days) + timedelta(minutes=1 if inside else -1)


@pytest.mark.promise("P-35", clause="enforced")
def test_every_new_category_goes_exactly_at_its_period_not_a_day_earlier(settings):
    # given, on a frozen clock, one item just inside and one just past each period (set to distinct lengths)
    settings.SHOPKEEP_CART_RETENTION_DAYS = 20
    settings.SHOPKEEP_UNCONFIRMED_SIGNUP_RETENTION_DAYS = 11
    settings.SHOPKEEP_EMAIL_DELIVERY_RETENTION_DAYS = 5
    settings.SHOPKEEP_EMAIL_LOG_RETENTION_DAYS = 400
    settings.SHOPKEEP_SURVEY_RETENTION_DAYS = 300
    settings.SHOPKEEP_ANALYTICS_RETENTION_MONTHS = 3
    now = timezone.now().replace(microsecond=0)
    drafts = {}
    for inside in (True, False):
        cart = cart_create()
        drafts[inside] = CheckoutDraft.objects.create(cart=cart)
        CheckoutDraft.objects.filter(pk=drafts[inside].pk).update(updated_at=_just(now, 20, inside=inside))
        Cart.objects.filter(pk=cart.pk).update(updated_at=now)  # the cart itself was touched since
    signups = {inside: Subscription.objects.create(email=f"s{inside}@example.com", source="form")
               for inside in (True, False)}
    for inside, signup in signups.items():
        Subscription.objects.filter(pk=signup.pk).update(requested_at=_just(now, 11, inside=inside))
    confirmed = Subscription.objects.create(email="keep@example.com", source="form", status="confirmed")
    Subscription.objects.filter(pk=confirmed.pk).update(requested_at=now - timedelta(days=900))
    queued = {inside: EmailSend.objects.create(kind="order_update", message_id=f"<q{inside}@x>",
                                               recipient="a@example.com", payload="{}") for inside in (True, False)}
    for inside, row in queued.items():
        EmailSend.objects.filter(pk=row.pk).update(created_at=_just(now, 5, inside=inside))
    sent = {inside: EmailSend.objects.create(kind="order_update", message_id=f"<s{inside}@x>", status="sent")
            for inside in (True, False)}
    for inside, row in sent.items():
        EmailSend.objects.filter(pk=row.pk).update(created_at=_just(now, 400, inside=inside))
    answers = {inside: SurveyResponse.objects.create(rating=4, answered_on=(now - timedelta(days=300 + (0 if inside else 1))).date())
               for inside in (True, False)}
    first_kept_day = months_before(now, 3).date()
    days = {inside: DayTotal.objects.create(day=first_kept_day - timedelta(days=0 if inside else 1))
            for inside in (True, False)}
    # when the runner applies every period
    outcomes = retention_run(now=now, apply=True, batch_size=1)
    # then exactly the items past their period went, and nothing a day younger
    assert list(CheckoutDraft.objects.values_list("pk", flat=True)) == [drafts[True].pk]
    assert set(Subscription.objects.values_list("pk", flat=True)) == {signups[True].pk, confirmed.pk}
    still = EmailSend.objects.get(pk=queued[False].pk)
    assert (still.status, still.recipient, still.payload) == ("failed", "", "")
    assert EmailSend.objects.get(pk=queued[True].pk).recipient == "a@example.com"
    assert not EmailSend.objects.filter(pk=sent[False].pk).exists() and EmailSend.objects.filter(pk=sent[True].pk).exists()
    assert list(SurveyResponse.objects.values_list("pk", flat=True)) == [answers[True].pk]
    assert list(DayTotal.objects.values_list("pk", flat=True)) == [days[True].pk]
    counted = counts(outcomes)
    assert {k: counted[k] for k in ("subscription_unconfirmed", "email_delivery", "email_log", "survey", "statistics")} == {
        "subscription_unconfirmed": 1, "email_delivery": 1, "email_log": 1, "survey": 1, "statistics": 1}


@pytest.mark.promise("P-35", clause="inactive accounts")
def test_inactive_accounts_are_warned_once_then_deleted_exactly_at_their_period(settings):
    # given accounts last seen just past the warning point, just inside and just past 3 years, and a staff account
    settings.SHOPKEEP_INACTIVE_ACCOUNT_DAYS = 1095
    settings.SHOPKEEP_INACTIVE_ACCOUNT_WARNING_DAYS = 30
    now = timezone.now()
    to_warn, to_keep, to_delete = (customer_create(email=f"{n}@example.com") for n in ("warn", "keep", "gone"))
    staff = customer_create(email="staff@example.com", is_staff=True)
    recent = customer_create(email="recent@example.com")
    User.objects.filter(pk=to_warn.pk).update(last_login=_just(now, 1065, inside=False))
    User.objects.filter(pk=to_keep.pk).update(last_login=_just(now, 1095, inside=True))
    User.objects.filter(pk=to_delete.pk).update(last_login=_just(now, 1095, inside=False))
    User.objects.filter(pk=staff.pk).update(last_login=now - timedelta(days=2000))
    User.objects.filter(pk=recent.pk).update(last_login=_just(now, 1065, inside=True))
    order = order_place(customer=to_delete)
    # when the runner applies the periods
    retention_run(now=now, apply=True)
    # then the long-inactive customer is gone (the order stays, unlinked), staff never go
    assert set(User.objects.values_list("pk", flat=True)) == {to_warn.pk, to_keep.pk, staff.pk, recent.pk}
    assert Order.objects.get(pk=order.pk).customer is None
    # and those within 30 days of deletion were warned by email, once, with the date
    warned = EmailSend.objects.filter(kind="account_inactive")
    assert warned.count() == 2  # to_warn and to_keep (1094.99 days > 1065)
    retention_run(now=now, apply=True)
    assert EmailSend.objects.filter(kind="account_inactive").count() == 2


def test_every_period_is_a_setting_or_fixed_by_its_nature():
    # then each period with a length reads it from a setting, except the payment gateway's own
    assert {k for k, p in PERIODS.items() if (p.days or p.unit == "months") and not p.setting} == {"gateway"}
