"""Orders and customers as a member of staff sees them: searched, listed, and in full with their history.

Every personal field is read through the audited access function (P-36, P-37), so a role sees only what the
data map lets it see and each look is in the audit log with the fields shown.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet

from shopkeep.customers.models import Address, User
from shopkeep.orders.models import Order, OrderEvent, PhoneVerification, ReturnRequest, Shipment
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.selectors import order_refundable
from shopkeep.privacy.access import personal_data_for_staff, personal_data_for_staff_many
from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.registry import personal_fields

ACCOUNT_FIELDS = ("customer_number", "name", "email", "date_joined", "last_login")

ORDER_FIELDS = ("customer", "email", "subtotal", "shipping_total", "discount_total", "coupon_code", "total",
                "created_at", "checkout_ip", "delivered_at")
CARD_FIELDS = ("card_brand", "card_last4", "card_exp_month", "card_exp_year")


def subject_ref(order: Order) -> str:
    """The reference of the person an order belongs to, for the audit log: customer number, or the order number."""
    return order.customer.customer_number if order.customer_id else order.number


def order_search(*, query: str = "", status: str = "", placed_from: date | None = None,
                 placed_to: date | None = None) -> QuerySet[Order]:
    """Orders matching an order number, a customer number or an email address (through the blind index), a
    status and a date range, newest first."""
    orders = Order.objects.select_related("customer").order_by("-created_at", "-id")
    query = (query or "").strip()
    if "@" in query:
        orders = orders.filter(email_index=blind_index(query))
    elif query:
        orders = orders.filter(Q(number__iexact=query) | Q(number__istartswith=query)
                               | Q(customer__customer_number__iexact=query))
    if status:
        orders = orders.filter(status=status)
    if placed_from:
        orders = orders.filter(created_at__date__gte=placed_from)
    if placed_to:
        orders = orders.filter(created_at__date__lte=placed_to)
    return orders


def customer_search(*, query: str = "") -> QuerySet[User]:
    """Customer accounts matching a customer number or an email address (through the blind index), newest first."""
    customers = User.objects.filter(is_staff=False).order_by("-date_joined", "-id")
    query = (query or "").strip()
    if "@" in query:
        return customers.filter(email_index=blind_index(query))
    if query:
        return customers.filter(customer_number__iexact=query)
    return customers


def rows_for_staff(*, staff, queryset: QuerySet, fields: tuple[str, ...], reason: str,
                   subject: str) -> list[tuple[object, dict]]:
    """Each row of `queryset` with those of its personal `fields` the staff member may see (one audit entry)."""
    rows = list(queryset)
    shown = personal_data_for_staff_many(staff=staff, queryset=queryset, fields=fields, subject_ref=subject,
                                         reason=reason)
    return list(zip(rows, shown, strict=True))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str
    detail: str = ""


@dataclass
class OrderForStaff:
    order: Order
    personal: dict
    shipping_address: dict
    billing_address: dict
    lines: list[tuple[object, dict]]
    payments: list[tuple[Payment, dict]]
    shipments: list[tuple[Shipment, dict]]
    returns: list[tuple[ReturnRequest, dict]]
    notes: list[tuple[OrderEvent, dict]]
    verifications: list[tuple[PhoneVerification, dict]]
    timeline: list[TimelineEntry] = field(default_factory=list)
    refundable: object = None


def order_for_staff(*, staff, order: Order, reason: str) -> OrderForStaff:
    """The order in full for `staff`: personal fields only as their role allows, each read audited."""
    order = Order.objects.select_related("customer", "shipping_address", "billing_address").get(pk=order.pk)
    ref = subject_ref(order)

    def many(queryset, model_fields=None):
        fields = tuple(model_fields or personal_fields(queryset.model))
        rows = list(queryset)
        return list(zip(rows, personal_data_for_staff_many(staff=staff, queryset=queryset, fields=fields,
                                                            subject_ref=ref, reason=reason), strict=True))

    view = OrderForStaff(
        order=order,
        personal=many(Order.objects.filter(pk=order.pk), ORDER_FIELDS)[0][1],
        shipping_address=_address(staff, order.shipping_address, ref, reason),
        billing_address=_address(staff, order.billing_address, ref, reason)
        if order.billing_address_id != order.shipping_address_id else {},
        lines=many(order.lines.all()),
        payments=many(order.payments.all(), CARD_FIELDS),
        shipments=many(order.shipments.prefetch_related("lines__line")),
        returns=many(order.returns.prefetch_related("lines__line", "lines__exchange_variant")),
        notes=many(order.events.all(), ("note", "created_at")),
        verifications=many(order.verifications.all(), ("called_at", "outcome", "note")),
        refundable=order_refundable(order=order),
    )
    view.timeline = _timeline(view)
    return view


def _address(staff, address: Address, ref: str, reason: str) -> dict:
    return personal_data_for_staff(staff=staff, instance=address, subject_ref=ref, reason=reason)


def _timeline(view: OrderForStaff) -> list[TimelineEntry]:
    """Every event of the order, oldest first: placed, status changes, notes, emails, parcels and payments."""
    order = view.order
    entries = [TimelineEntry(order.created_at, "Placed", f"{order.shipping_method_name}")]
    for event, shown in view.notes:
        note = shown.get("note", "")
        if event.kind == OrderEvent.Kind.EMAIL:
            note = note.removeprefix("Email sent: ")
        entries.append(TimelineEntry(event.created_at, _event_title(event), note))
    for check, shown in view.verifications:
        outcome = PhoneVerification.Outcome(shown["outcome"]).label if shown.get("outcome") else ""
        entries.append(TimelineEntry(check.created_at, "Phone check recorded",
                                     " — ".join(part for part in (outcome, shown.get("note", "")) if part)))
    for number, (shipment, shown) in enumerate(view.shipments, start=1):
        title = "Replacement dispatched" if shipment.is_replacement else f"Parcel {number} dispatched"
        entries.append(TimelineEntry(shipment.created_at, title,
                                     f"{shipment.carrier} {shown.get('tracking_number', '')}".strip()))
    for payment_event in PaymentEvent.objects.filter(payment__order=order).order_by("created_at", "id"):
        entries.append(TimelineEntry(payment_event.created_at, f"Payment: {payment_event.get_kind_display()}",
                                     f"{payment_event.amount} {payment_event.currency} · "
                                     f"{payment_event.get_result_display()}"
                                     + (f" · {payment_event.message}" if payment_event.message else "")))
    for request, _shown in view.returns:
        entries.append(TimelineEntry(request.created_at, f"{request.get_kind_display()} requested",
                                     request.get_status_display()))
    return sorted(entries, key=lambda entry: entry.at)


def _event_title(event: OrderEvent) -> str:
    if event.kind != OrderEvent.Kind.STATUS:
        return event.get_kind_display()
    if event.from_status == event.to_status:
        return "Flagged"
    return Order.Status(event.to_status).label if event.to_status in Order.Status.values else event.to_status
