"""Data map of orders: who ordered, where it goes, what was bought."""

from dataclasses import replace

from django.db.models import Q

from shopkeep.customers.models import Address
from shopkeep.mailing.campaigns.models import CouponRedemption, SurveyInvitation
from shopkeep.orders.models import (
    Order,
    OrderEvent,
    OrderLine,
    OrderTaxLine,
    PhoneVerification,
    ReturnLine,
    ReturnRequest,
    Shipment,
    ShipmentLine,
)
from shopkeep.privacy.erasure import retention_erasure_register
from shopkeep.privacy.registry import Personal, register, register_policy_notice_source
from shopkeep.privacy.retention import retention_job_register
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.privacy.roles import Role
from shopkeep.privacy.subjects import Subject, subject_refs_register, subject_rows_register

ORDER = ("essential.service.operations", "essential.legal_obligation")
# The figures and dates of an order stay in the books after its period: once its contact details, addresses,
# notes and card details are erased, they are about no one.
HISTORY = Personal("user.behavior.purchase_history", ORDER, "legal_obligation", "order",
                   roles=(Role.CUSTOMER_SERVICE, Role.BILLING, Role.FULFILMENT), erase="keep", expire="keep")

register(
    Order,
    description="orders",
    subject="customer",
    personal={
        "customer": Personal("user.unique_id", ORDER, "contract", "order", roles=(Role.CUSTOMER_SERVICE, Role.BILLING),
                             erase="blank"),
        # A person's erasure leaves a marker that reads as erased; at the period's end nothing at all is left.
        "email": Personal("user.contact.email", ("essential.service.operations", "essential.service.notifications"),
                          "contract", "order", roles=(Role.CUSTOMER_SERVICE, Role.BILLING),
                          processors=("email_provider",), encrypted=True, erase="marker", expire="blank"),
        "email_index": Personal("user.contact.email", ("essential.service.operations",), "contract", "order",
                                encrypted=True, erase="marker", expire="blank"),
        "subtotal": HISTORY,
        "shipping_total": HISTORY,
        "discount_total": HISTORY,
        "coupon_code": HISTORY,
        "total": HISTORY,
        "created_at": HISTORY,
        "checkout_ip": Personal("user.device.ip_address", ("essential.service.security",), "legitimate_interests",
                                "checkout_ip", roles=(Role.CUSTOMER_SERVICE,), encrypted=True, erase="blank"),
        "delivered_at": HISTORY,
    },
    non_personal=["id", "number", "cart", "status", "currency", "shipping_method", "shipping_method_name",
                  "shipping_address", "billing_address", "updated_at", "hold_reasons"],
    notes="Addresses are customers.Address rows (declared there).",
)
register(
    OrderLine,
    description="the products of each order",
    subject="order__customer",
    personal={"quantity": HISTORY, "line_total": HISTORY},
    non_personal=["id", "order", "variant", "sku", "product_name", "size", "unit_price"],
)
register(
    OrderTaxLine,
    description="the VAT each order's total includes, per rate (for invoices)",
    non_personal=["id", "order", "rate", "amount"],
)

STAFF = ("essential.service.operations", "essential.legal_obligation")
register(
    OrderEvent,
    description="the history of each order (status changes, who made them and why)",
    subject="order__customer",
    personal={
        "created_at": HISTORY,
        "note": Personal("user.content.private", ORDER, "legal_obligation", "order",
                         roles=(Role.CUSTOMER_SERVICE, Role.BILLING, Role.FULFILMENT), erase="keep"),
        "by": Personal("user.unique_id", STAFF, "legal_obligation", "audit", erase="keep", about="staff"),
    },
    non_personal=["id", "order", "kind", "from_status", "to_status"],
)
register(
    Shipment,
    description="parcels sent for each order, with carrier and tracking number",
    subject="order__customer",
    personal={
        "tracking_number": replace(HISTORY, expire="blank"),  # leads to the address at the carrier
        "created_at": HISTORY,
        "amount": HISTORY,
        "by": Personal("user.unique_id", STAFF, "legal_obligation", "audit", erase="keep", about="staff"),
    },
    non_personal=["id", "order", "carrier", "is_replacement"],
)
register(
    ShipmentLine,
    description="what each parcel held",
    subject="shipment__order__customer",
    personal={"quantity": HISTORY},
    non_personal=["id", "shipment", "line"],
)
register(
    PhoneVerification,
    description="customer service's record of phoning a customer about an order held for a fraud check",
    subject="order__customer",
    personal={
        "called_at": HISTORY,
        "outcome": Personal("user.content.private", ("essential.service.security",), "legitimate_interests", "order",
                            roles=(Role.CUSTOMER_SERVICE,), erase="keep"),
        "note": Personal("user.content.private", ("essential.service.security",), "legitimate_interests", "order",
                         roles=(Role.CUSTOMER_SERVICE,), erase="blank"),
        "created_at": HISTORY,
        "by": Personal("user.unique_id", STAFF, "legal_obligation", "audit", erase="keep", about="staff"),
    },
    non_personal=["id", "order"],
)
register(
    ReturnRequest,
    description="returns and exchanges customers asked for",
    subject="order__customer",
    personal={
        "reason": Personal("user.content.private", ORDER, "contract", "order",
                           roles=(Role.CUSTOMER_SERVICE,), erase="blank"),
        "refusal_reason": Personal("user.content.private", ORDER, "contract", "order",
                                   roles=(Role.CUSTOMER_SERVICE,), erase="blank"),
        "refunded_amount": HISTORY,
        "created_at": HISTORY,
        "updated_at": HISTORY,
    },
    non_personal=["id", "order", "kind", "status"],
)
register(
    ReturnLine,
    description="the goods of each return",
    subject="request__order__customer",
    personal={"quantity": HISTORY},
    non_personal=["id", "request", "line", "exchange_variant"],
)

OPEN_STATUSES = {
    Order.Status.PLACED, Order.Status.ON_HOLD, Order.Status.READY_TO_DISPATCH, Order.Status.PARTIALLY_DISPATCHED,
    Order.Status.DISPATCHED, Order.Status.RETURN_REQUESTED,
}


def _open_order_emails():
    return Order.objects.filter(status__in=OPEN_STATUSES).values_list("email", flat=True).iterator()


register_policy_notice_source(_open_order_emails)

retention_job_register(
    key="checkout_ip",
    what="checkout IP addresses of orders",
    expired=lambda cutoff: Order.objects.filter(created_at__lt=cutoff, checkout_ip__isnull=False),
    apply=lambda rows: rows.update(checkout_ip=None),
)


# After the accounting period an order keeps its number, figures, VAT lines, dates and status; who ordered, where
# it went and what anyone wrote about it go, as the data map says for period "order".
def _orders_before(cutoff):
    return Order.objects.filter(created_at__lt=cutoff)


def _order_addresses_before(cutoff):
    """Addresses of orders placed before `cutoff` (orders keep their own copies; saved ones have a customer)."""
    def of(orders):
        return Q(pk__in=orders.values("shipping_address")) | Q(pk__in=orders.values("billing_address"))
    return Address.objects.filter(of(_orders_before(cutoff)), customer__isnull=True).exclude(
        of(Order.objects.filter(created_at__gte=cutoff)))


retention_erasure_register(key="order", model=Order, what="orders' contact details (the figures stay)",
                           rows=_orders_before)
retention_erasure_register(key="order", model=Address, what="addresses of orders", rows=_order_addresses_before)
for _model, _what in ((OrderEvent, "notes in orders' histories"), (Shipment, "tracking numbers of parcels"),
                      (PhoneVerification, "records of phoning customers about held orders"),
                      (ReturnRequest, "reasons given for returns")):
    retention_erasure_register(key="order", model=_model, what=_what,
                               rows=lambda cutoff, model=_model: model.objects.filter(order__created_at__lt=cutoff))

# Who among staff changed an order goes after the audit period; what they did stays in the order's history.
for _model, _what in ((OrderEvent, "which staff member changed an order"),
                      (Shipment, "which staff member sent a parcel"),
                      (PhoneVerification, "which staff member phoned a customer")):
    retention_erasure_register(key="audit", model=_model, what=_what,
                               rows=lambda cutoff, model=_model: model.objects.filter(created_at__lt=cutoff))


# How export and erasure find a person's orders: through the account, or by the email a guest ordered with.
def _order_ids(subject: Subject):
    match = Q(email_index=subject.email_index)
    if subject.user_id is not None:
        match |= Q(customer_id=subject.user_id)
    return Order.objects.filter(match).values("pk")


def _through_orders(model, path: str):
    return lambda subject: model.objects.filter(**{f"{path}__in": _order_ids(subject)})


def _order_addresses(subject: Subject):
    orders = Order.objects.filter(pk__in=_order_ids(subject))
    return Address.objects.filter(Q(pk__in=orders.values("shipping_address")) | Q(pk__in=orders.values("billing_address")))


def _order_numbers(subject: Subject):
    return Order.objects.filter(pk__in=_order_ids(subject)).values_list("number", flat=True)


subject_rows_register(Order, _through_orders(Order, "pk"))
subject_rows_register(Address, _order_addresses)
for _model, _path in ((OrderLine, "order"), (OrderEvent, "order"), (Shipment, "order"), (ShipmentLine, "shipment__order"),
                      (PhoneVerification, "order"), (ReturnRequest, "order"), (ReturnLine, "request__order"),
                      (Payment, "order"), (PaymentEvent, "payment__order"), (SurveyInvitation, "order"),
                      (CouponRedemption, "order")):
    subject_rows_register(_model, _through_orders(_model, _path))
subject_refs_register(_order_numbers)
