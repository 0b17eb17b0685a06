"""Orders, card payments and the records of what staff did go at the end of their periods (P-35): what the data
map declares for periods "order", "payment" and "audit" is erased by the runner, the accounting figures stay."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from shopkeep.catalog.models import StockMovement
from shopkeep.customers.models import Address
from shopkeep.customers.tests.factories import customer_create
from shopkeep.mailing.campaigns.models import Coupon, CouponRedemption
from shopkeep.orders.models import Order, OrderEvent, OrderTaxLine, PhoneVerification, ReturnRequest, Shipment
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.pricing.models import PricingChange
from shopkeep.privacy import retention
from shopkeep.privacy.erasure import erasure_plan, not_yet_erased, retention_erasure_register
from shopkeep.privacy.models import (AuditEntry, Disclosure, PracticesAcknowledgement, PracticesReminder,
                                     PracticesVersion, SecurityEvent)
from shopkeep.privacy.policy import policy_document
from shopkeep.privacy.registry import REGISTRY
from shopkeep.privacy.retention import JOBS, retention_run
from shopkeep.privacy.services import audit_record
from shopkeep.shop.models import ShopIdentity, ShopPage
from shopkeep.testing.staff import staff_user

pytestmark = pytest.mark.django_db

ORDER_DAYS, AUDIT_DAYS = 2190, 730
UK_IP = "81.2.69.142"
KEYS = ("order", "payment", "audit")


def _just(now, days: int, *, inside: bool):
    """A moment one minute inside (or past) a period of `days` days ending `now`."""
    return now - timedelta(days=days) + timedelta(minutes=1 if inside else -1)


def _counts(outcomes) -> dict[str, int]:
    result = dict.fromkeys(KEYS, 0)
    for outcome in outcomes:
        if outcome.key in result and not outcome.notice:
            result[outcome.key] += outcome.count
    return result


def _order_with_everything(*, now, inside: bool, staff, customer=None) -> Order:
    """An order placed just inside or past the accounting period, with a note, a parcel, a phone call and a return;
    the staff records of it are recent (their own, shorter period has not passed)."""
    order = order_place(customer=customer, email=f"{'inside' if inside else 'past'}@example.com", client_ip=UK_IP,
                        phone="+44 20 7946 0001")
    moment = _just(now, ORDER_DAYS, inside=inside)
    Order.objects.filter(pk=order.pk).update(created_at=moment)
    Payment.objects.filter(order=order).update(created_at=moment)
    OrderEvent.objects.create(order=order, from_status="placed", to_status="placed", by=staff,
                              note="Customer rang: leave the parcel with the neighbour at no. 14.")
    Shipment.objects.create(order=order, carrier="Royal Mail", tracking_number="RM123456785GB", amount="33.95",
                            by=staff)
    PhoneVerification.objects.create(order=order, by=staff, called_at=moment, outcome="confirmed",
                                     note="Spoke to Ada, she confirmed.")
    ReturnRequest.objects.create(order=order, kind="refund", reason="Too small for my son Tom.")
    disclosure = Disclosure.objects.create(processor="carrier", subject_ref=order.number, categories=["user.name"],
                                           purpose="delivery")
    coupon = Coupon.objects.create(code=f"WELCOME{order.pk}", kind="percent", value="10", valid_from=moment,
                                   valid_until=moment + timedelta(days=30))
    redemption = CouponRedemption.objects.create(coupon=coupon, order=order, email_index="hash", discount="1.00")
    Disclosure.objects.filter(pk=disclosure.pk).update(created_at=moment)
    CouponRedemption.objects.filter(pk=redemption.pk).update(created_at=moment)
    return Order.objects.get(pk=order.pk)


@pytest.mark.promise("P-35", clause="enforced")
def test_an_order_past_its_period_keeps_its_figures_and_loses_who_ordered_where_and_what_anyone_wrote():
    # given, on a frozen clock, a customer's order just past 6 years and one just inside, each with its records
    now = timezone.now().replace(microsecond=0)
    staff = staff_user("customer_service")
    customer = customer_create(email="grace@example.com")
    past = _order_with_everything(now=now, inside=False, staff=staff, customer=customer)
    inside = _order_with_everything(now=now, inside=True, staff=staff, customer=customer)
    figures = {o.pk: (o.number, o.status, o.currency, o.subtotal, o.shipping_total, o.total, o.created_at,
                      sorted(OrderTaxLine.objects.filter(order=o).values_list("rate", "amount")),
                      sorted(o.lines.values_list("sku", "quantity", "line_total"))) for o in (past, inside)}
    payment_figures = {o.pk: list(Payment.objects.filter(order=o).values_list("amount", "captured_amount", "status",
                                                                                "reference")) for o in (past, inside)}
    # when the runner applies the periods, in batches of one
    outcomes = _counts(retention_run(now=now, apply=True, batch_size=1))
    # then the old order lost its customer, email and addresses (and its IP went long ago) ...
    old = Order.objects.get(pk=past.pk)
    assert (old.customer_id, old.email, old.email_index, old.checkout_ip) == (None, "", "", None)
    for address in Address.objects.filter(pk__in=[past.shipping_address_id, past.billing_address_id]):
        assert (address.name, address.line1, address.city, address.postal_code, address.country, address.phone) == (
            "", "", "", "", "", "")
    # ... what anyone wrote about it, the parcel's tracking number and the card's details
    assert list(old.events.exclude(note="").values_list("note", flat=True)) == []
    assert list(old.shipments.values_list("tracking_number", flat=True)) == [""]
    assert list(old.verifications.values_list("outcome", "note")) == [("", "")]
    assert list(old.returns.values_list("reason", "refusal_reason")) == [("", "")]
    assert list(Payment.objects.filter(order=old).values_list(
        "token", "card_brand", "card_last4", "card_exp_month", "card_exp_year")) == [("", "", "", None, None)]
    # ... the record of passing it to the carrier, and which address used a coupon on it
    assert not Disclosure.objects.filter(subject_ref=old.number).exists()
    assert not CouponRedemption.objects.filter(order=old).exists()
    # and kept its number, status, figures, VAT lines, product lines and payment amounts
    assert figures[past.pk] == (old.number, old.status, old.currency, old.subtotal, old.shipping_total, old.total,
                                old.created_at, sorted(OrderTaxLine.objects.filter(order=old).values_list("rate", "amount")),
                                sorted(old.lines.values_list("sku", "quantity", "line_total")))
    assert old.total > Decimal("0") and old.lines.exists()
    assert payment_figures[past.pk] == list(Payment.objects.filter(order=old).values_list(
        "amount", "captured_amount", "status", "reference"))
    # and which staff member wrote the note is an audit record, recent: it stays
    assert set(old.events.exclude(by=None).values_list("by", flat=True)) == {staff.pk}
    # while the order a minute younger keeps everything
    young = Order.objects.get(pk=inside.pk)
    assert (young.customer_id, young.email, young.shipping_address.name, young.shipping_address.phone) == (
        customer.pk, "inside@example.com", "Ada Lovelace", "+44 20 7946 0001")
    assert young.events.exclude(note="").exists() and young.verifications.get().note == "Spoke to Ada, she confirmed."
    assert Payment.objects.get(order=young).card_last4 != ""
    assert Disclosure.objects.filter(subject_ref=young.number).exists()
    assert CouponRedemption.objects.filter(order=young).exists()
    assert figures[inside.pk][0] == young.number
    # and the runner said what it erased; a second run finds nothing left
    assert outcomes["order"] >= 9 and outcomes["payment"] == 1
    assert _counts(retention_run(now=now, apply=True)) == dict.fromkeys(KEYS, 0)


def test_an_order_a_person_had_erased_is_finished_at_its_period_and_then_left_alone():
    # given an old order whose customer asked for erasure: a marker stands for the email, the card details were kept
    from shopkeep.privacy.erasure import personal_data_erase

    now = timezone.now()
    order = _order_with_everything(now=now, inside=False, staff=None)
    personal_data_erase(order, REGISTRY[Order])
    payment = Payment.objects.get(order=order)
    personal_data_erase(payment, REGISTRY[Payment])
    assert Order.objects.get(pk=order.pk).email.endswith("@erased.invalid")
    assert Payment.objects.get(pk=payment.pk).card_last4 != ""
    # when the runner applies the periods, twice
    retention_run(now=now, apply=True)
    # then nothing is left of the email or the card, and the second run has nothing to do
    assert Order.objects.get(pk=order.pk).email == ""
    assert Payment.objects.get(pk=payment.pk).card_last4 == ""
    assert _counts(retention_run(now=now, apply=True)) == dict.fromkeys(KEYS, 0)


def _audit_entry(*, at, staff) -> AuditEntry:
    with mock.patch("django.utils.timezone.now", return_value=at):
        return audit_record(staff=staff, role="customer_service", subject_ref="C-7F3K9QX", fields=["email"],
                            action="view", reason="answering Ada's question")


@pytest.mark.promise("P-35", clause="enforced")
def test_records_of_what_staff_did_go_or_lose_who_did_it_after_the_audit_period():
    # given, on a frozen clock, one record of each kind just past 2 years and one just inside
    now = timezone.now().replace(microsecond=0)
    staff = staff_user("owner")
    order = order_place()
    practices = PracticesVersion.objects.create(version=990, staff_section="", policy_markdown="", content_hash="x",
                                                published_by=staff)
    rows = {}
    for inside in (True, False):
        moment = _just(now, AUDIT_DAYS, inside=inside)
        event = OrderEvent.objects.create(order=order, from_status="placed", to_status="placed", by=staff, note="ok")
        OrderEvent.objects.filter(pk=event.pk).update(created_at=moment)
        movement = StockMovement.objects.create(sku="SOCK-M", change=3, stock_after=5, reason="received", by=staff)
        StockMovement.objects.filter(pk=movement.pk).update(created_at=moment)
        change = PricingChange.objects.create(kind="VAT rate", label="GB standard", action="changed", changed_by=staff)
        PricingChange.objects.filter(pk=change.pk).update(created_at=moment)
        identity = ShopIdentity.objects.create(legal_name=f"Shop {inside}", postal_address="1 High St", country="GB",
                                               contact_email="shop@example.com", authority_name="ICO",
                                               authority_url="https://ico.org.uk/", return_address="1 High St",
                                               created_at=moment, changed_by=staff)
        security = SecurityEvent.objects.create(kind="login_failed", account_ref="C-7F3K9QX", network="81.2.69.0/24")
        SecurityEvent.objects.filter(pk=security.pk).update(created_at=moment)
        acknowledgement = PracticesAcknowledgement.objects.create(staff=staff, practices=practices)
        PracticesAcknowledgement.objects.filter(pk=acknowledgement.pk).update(acknowledged_at=moment)
        reminder = PracticesReminder.objects.create(staff=staff, quarter=f"20{20 + inside}-Q1")
        PracticesReminder.objects.filter(pk=reminder.pk).update(sent_at=moment)
        page = ShopPage.objects.create(key="shipping-returns", body="Send it back.", created_at=moment, changed_by=staff)
        version = PracticesVersion.objects.create(version=991 + inside, staff_section="", policy_markdown="",
                                                  content_hash="x", published_by=staff)
        PracticesVersion.objects.filter(pk=version.pk).update(published_at=moment)
        rows[inside] = {"entry": _audit_entry(at=moment, staff=staff), "event": event, "movement": movement,
                        "change": change, "identity": identity, "security": security, "ack": acknowledgement,
                        "reminder": reminder, "page": page, "version": version}
    # when the runner applies the periods
    outcomes = _counts(retention_run(now=now, apply=True, batch_size=2))
    # then the log entries, security events and acknowledgements past the period are deleted, the younger stay
    for model, name in ((AuditEntry, "entry"), (SecurityEvent, "security"), (PracticesAcknowledgement, "ack"),
                        (PracticesReminder, "reminder")):
        kept = set(model.objects.filter(pk__in=[rows[i][name].pk for i in (True, False)]).values_list("pk", flat=True))
        assert kept == {rows[True][name].pk}, model
    # and the histories keep what was done but no longer who did it
    for model, name, by in ((OrderEvent, "event", "by"), (StockMovement, "movement", "by"),
                            (PricingChange, "change", "changed_by"), (ShopIdentity, "identity", "changed_by"),
                            (ShopPage, "page", "changed_by"), (PracticesVersion, "version", "published_by")):
        values = dict(model.objects.filter(pk__in=[rows[i][name].pk for i in (True, False)]).values_list("pk", by))
        assert values == {rows[True][name].pk: staff.pk, rows[False][name].pk: None}, model
    assert OrderEvent.objects.get(pk=rows[False]["event"].pk).note == "ok"  # the order's own period has not passed
    assert PracticesVersion.objects.get(pk=practices.pk).published_by_id == staff.pk  # published just now
    assert outcomes["audit"] == 10
    assert _counts(retention_run(now=now, apply=True)) == dict.fromkeys(KEYS, 0)


def test_a_dry_run_counts_orders_payments_and_staff_records_and_changes_nothing():
    # given an order past its period and a log entry past its own
    now = timezone.now()
    order = _order_with_everything(now=now, inside=False, staff=None)
    entry = _audit_entry(at=now - timedelta(days=AUDIT_DAYS + 1), staff=None)
    # when
    outcomes = retention_run(now=now, apply=False)
    # then each period says how many records would go, and all are still there
    counted = _counts(outcomes)
    assert counted["payment"] == 1 and counted["audit"] == 1
    by_what = {o.what: o.count for o in outcomes if o.key == "order"}
    assert by_what["orders' contact details (the figures stay)"] == 1
    assert by_what["addresses of orders"] == 1  # the same address for delivery and billing
    assert Order.objects.get(pk=order.pk).email == "past@example.com"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_lets_only_audit_entries_older_than_a_year_be_deleted():
    # given an entry 400 days old and one of today
    old = _audit_entry(at=timezone.now() - timedelta(days=400), staff=None)
    young = _audit_entry(at=timezone.now(), staff=None)
    table = AuditEntry._meta.db_table
    # then the database refuses to change either, or to delete the young one
    for statement, pk in ((f"UPDATE {table} SET reason = 'x' WHERE id = %s", old.pk),
                          (f"DELETE FROM {table} WHERE id = %s", young.pk)):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [pk])
    # and lets the old one go
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [old.pk])
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [young.pk]


@pytest.mark.promise("P-35", clause="period per category")
def test_every_field_of_the_order_payment_and_audit_periods_is_erased_by_a_job():
    # then each personal field of those periods either stays by declaration (an order's figures) or a job erases it
    erased = {(job.key, job.model, name) for key in KEYS for job in JOBS.get(key, []) for name in job.fields}
    missing = [f"{declaration.label}.{name}" for declaration in REGISTRY.values()
               for name in erasure_plan(declaration, retention=KEYS, expired=True)
               if (declaration.personal[name].retention, declaration.model, name) not in erased]
    assert missing == []
    assert all(spec.category == "user.behavior.purchase_history" for d in REGISTRY.values()
               for spec in d.personal.values() if spec.retention in KEYS and spec.expired_erase == "keep")


def test_a_job_that_could_not_tell_what_it_already_erased_is_refused_when_registered():
    from shopkeep.customers.models import User

    # an address's encrypted fields cannot be compared in the database: its plain country tells
    with pytest.raises(ValueError, match="can tell an erased row from one not yet erased"):
        not_yet_erased(Address, {"name": "blank", "line1": "blank"})
    assert not_yet_erased(Address, {"name": "blank", "country": "blank"}) is not None
    # and a marker differs per row, so a period's end deletes or blanks instead
    jobs = len(JOBS.get("account", []))
    with pytest.raises(ValueError, match="deleted or blanked, not marked"):
        retention_erasure_register(key="account", model=User, what="accounts", rows=lambda cutoff: User.objects.none())
    assert len(JOBS.get("account", [])) == jobs


@pytest.mark.promise("P-35", clause="enforced")
def test_the_policy_states_the_order_payment_and_audit_periods_as_enforced():
    document = policy_document()
    enforced = {row["key"]: row["enforced"] for row in document["detail"]["retention"]}
    assert {key: enforced[key] for key in KEYS} == dict.fromkeys(KEYS, True)
    sentences = next(s for s in document["sections"] if s["key"] == "retention")["paragraphs"]
    for key in KEYS:
        [sentence] = [s for s in sentences if s.startswith(f"{retention.retention_get(key).when}: ")]
        assert "planned" not in sentence and "Not yet" not in sentence, sentence
