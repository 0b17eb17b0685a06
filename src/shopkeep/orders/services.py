"""Creating orders, moving them through their life, and telling customers about them."""

from decimal import Decimal

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.customers.models import Address
from shopkeep.mailing.services import email_send
from shopkeep.money import Money
from shopkeep.orders.errors import IllegalTransition
from shopkeep.orders.models import Order, OrderEvent, OrderLine, OrderTaxLine, Shipment
from shopkeep.orders.wording import customer_status
from shopkeep.outbox import relay as outbox
from shopkeep.payments.selectors import payment_for_order
from shopkeep.pricing.totals import Totals
from shopkeep.shop.services import LEGAL_WITHDRAWAL_DAYS, identity_current

CONFIRMATION_SALT = "shopkeep.orders.confirmation"


def order_create(
    *,
    cart,
    customer,
    email: str,
    totals: Totals,
    variant_ids: dict[str, int],
    shipping_method,
    shipping_address: Address,
    billing_address: Address,
    coupon_code: str = "",
    checkout_ip: str | None = None,
) -> Order:
    """Write the order, its lines and the VAT it includes per rate from the priced totals (inside the caller's
    transaction). The totals already hold any discount (e.g. the coupon `coupon_code`); `checkout_ip` is the
    client address kept for fraud screening (P-19)."""
    order = Order.objects.create(
        cart=cart,
        customer=customer,
        email=email,
        currency=totals.total.currency,
        subtotal=totals.subtotal.amount,
        shipping_total=totals.shipping.amount,
        discount_total=totals.discount.amount,
        coupon_code=coupon_code,
        total=totals.total.amount,
        shipping_method=shipping_method.code,
        shipping_method_name=shipping_method.name,
        shipping_address=shipping_address,
        billing_address=billing_address,
        checkout_ip=checkout_ip or None,
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant_id=variant_ids[line.sku],
            sku=line.sku,
            product_name=line.name,
            size=line.size,
            unit_price=line.unit_price.amount,
            quantity=line.quantity,
            line_total=line.total.amount,
        )
        for line in totals.lines
    )
    OrderTaxLine.objects.bulk_create(
        OrderTaxLine(order=order, rate=line.rate, amount=line.amount.amount) for line in totals.vat
    )
    return order


def order_confirmation_path(order: Order) -> str:
    """A signed link to the order's confirmation page, usable without an account."""
    return reverse("checkout:confirmation", args=[signing.dumps(order.number, salt=CONFIRMATION_SALT)])


def order_from_confirmation_token(token: str) -> Order | None:
    """The order a signed confirmation link names, or None if forged or expired."""
    try:
        number = signing.loads(token, salt=CONFIRMATION_SALT, max_age=conf.order_link_max_age)
    except signing.BadSignature:
        return None
    return Order.objects.filter(number=number).first()


def order_confirmation_send(*, order: Order) -> None:
    """Email the order confirmation (plain text and HTML) to the customer."""
    order = Order.objects.select_related("shipping_address", "billing_address", "customer").get(pk=order.pk)
    subject = f"Your order {order.number}"
    email_send(
        kind="order_confirmation",
        to=order.email,
        subject=subject,
        template="orders/email/confirmation",
        context={
            "order": order,
            "lines": list(order.lines.all()),
            "vat_lines": list(order.tax_lines.select_related("order")),
            "payment": payment_for_order(order=order),
            "customer_status": customer_status(order=order, payments=order.payments.all()),
            "confirmation_url": conf.absolute_url(order_confirmation_path(order)),
            **_returns_summary(),
        },
        subject_ref=_subject_ref(order),
    )
    _email_recorded(order=order, subject=subject)


def _subject_ref(order: Order) -> str:
    return order.customer.customer_number if order.customer_id else order.number


def _email_recorded(*, order: Order, subject: str) -> None:
    """Put the email in the order's history (what was sent, when; the text itself is not kept)."""
    OrderEvent.objects.create(order=order, kind=OrderEvent.Kind.EMAIL, from_status=order.status,
                              to_status=order.status, note=f"Email sent: {subject}")


def _returns_summary() -> dict:
    """What the confirmation email says about returns and withdrawal, with links to the shop's pages."""
    return {
        "return_window_days": conf.return_window_days,
        "withdrawal_days": LEGAL_WITHDRAWAL_DAYS,
        "returns_url": conf.absolute_url(reverse("pages:shipping_returns")),
        "withdrawal_url": conf.absolute_url(reverse("pages:withdrawal")),
        "terms_url": conf.absolute_url(reverse("pages:terms")),
    }


S = Order.Status

# The whole order lifecycle: from each status, the statuses it may move to. Nothing else changes status.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLACED: frozenset({S.ON_HOLD, S.READY_TO_DISPATCH, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.READY_TO_DISPATCH, S.CANCELLED}),
    S.READY_TO_DISPATCH: frozenset({S.ON_HOLD, S.PARTIALLY_DISPATCHED, S.DISPATCHED, S.CANCELLED}),
    S.PARTIALLY_DISPATCHED: frozenset({S.PARTIALLY_DISPATCHED, S.DISPATCHED}),
    S.DISPATCHED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.RETURN_REQUESTED}),
    S.RETURN_REQUESTED: frozenset({S.RETURNED, S.EXCHANGED, S.DELIVERED}),
    S.RETURNED: frozenset(),
    S.EXCHANGED: frozenset({S.RETURN_REQUESTED}),
    S.CANCELLED: frozenset(),
}

# What the customer is told when their order reaches a status (statuses not listed send no email).
UPDATE_EMAILS: dict[str, tuple[str, str]] = {
    S.ON_HOLD: ("We are checking your order",
                "We need to confirm a few details before we send your order; we may phone you. "
                "Your card is authorised but not charged."),
    S.CANCELLED: ("Your order has been cancelled",
                  "Your order has been cancelled and the authorisation on your card released; you have not been "
                  "charged for anything we did not send."),
    S.PARTIALLY_DISPATCHED: ("Part of your order is on its way",
                             "We have sent part of your order. We charged your card only for what we sent."),
    S.DISPATCHED: ("Your order is on its way",
                   "We have sent your order. We charged your card only for what we sent."),
    S.RETURN_REQUESTED: ("We have your return request",
                         "Please send the items listed below to our return address; we will tell you when they "
                         "arrive."),
    S.RETURNED: ("Your refund is on its way", "We received your return and refunded your card."),
    S.EXCHANGED: ("Your replacement is on its way", "We received your return and sent the replacement."),
}
APPROVED_EMAIL = ("Your order has been confirmed", "Thank you for confirming your order; we are preparing it now.")


def transition_allowed(*, current: str, to: str) -> bool:
    """True if the lifecycle lets an order move from `current` to `to`."""
    return to in TRANSITIONS.get(current, frozenset())


@transaction.atomic
def order_transition(*, order: Order, to: str, by=None, note: str = "", email: bool = True, email_context=None) -> Order:
    """Move `order` to status `to`, recording an OrderEvent and emailing the customer where it matters.

    Raises IllegalTransition (and changes nothing) if the lifecycle does not allow the move.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if not transition_allowed(current=locked.status, to=to):
        raise IllegalTransition(locked.number, locked.status, to)
    previous = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == S.DELIVERED and previous == S.DISPATCHED:
        locked.delivered_at = timezone.now()
        fields.append("delivered_at")
    locked.save(update_fields=fields)
    OrderEvent.objects.create(order=locked, from_status=previous, to_status=to, by=by, note=note)
    order.status, order.delivered_at = locked.status, locked.delivered_at
    template = APPROVED_EMAIL if (previous, to) == (S.ON_HOLD, S.READY_TO_DISPATCH) else UPDATE_EMAILS.get(to)
    if email and template:
        _update_enqueue(locked.pk, template[0], template[1], email_context or {})
    return locked


def order_update_notify(*, order: Order, headline: str, message: str, extra: dict | None = None) -> None:
    """Email the customer an update about their order, recorded in the outbox with the current transaction."""
    _update_enqueue(order.pk, headline, message, extra or {})


def _update_enqueue(order_id: int, headline: str, message: str, extra: dict) -> None:
    from shopkeep.orders.tasks import order_update_send_task

    outbox.enqueue(order_update_send_task, order_id, headline, message, extra)


def order_update_send(*, order: Order, headline: str, message: str, shipment_id=None, refund=None,
                      return_id=None) -> None:
    """Email the customer an update about their order (a return request names the items and where to send them)."""
    return_request = order.returns.filter(pk=return_id).first() if return_id else None
    subject = f"{headline} ({order.number})"
    email_send(
        kind="order_update",
        to=order.email,
        subject=subject,
        template="orders/email/update",
        context={
            "order": order,
            "headline": headline,
            "message": message,
            "shipment": Shipment.objects.filter(pk=shipment_id).first() if shipment_id else None,
            "refund": Money(Decimal(refund), order.currency) if refund else None,
            "confirmation_url": conf.absolute_url(order_confirmation_path(order)),
            "return_request": return_request,
            "return_lines": list(return_request.lines.select_related("line")) if return_request else [],
            "return_address_lines": identity_current().return_address_lines if return_request else [],
        },
        subject_ref=_subject_ref(order),
    )
    _email_recorded(order=order, subject=subject)


@transaction.atomic
def order_flag(*, order: Order, reason: str, by=None) -> Order:
    """Flag an order for customer service: record the reason and hold it if it has not been sent yet."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    locked.hold_reasons = [*locked.hold_reasons, reason]
    locked.save(update_fields=["hold_reasons", "updated_at"])
    order.hold_reasons = locked.hold_reasons
    if transition_allowed(current=locked.status, to=S.ON_HOLD):
        return order_transition(order=order, to=S.ON_HOLD, by=by, note=reason, email=False)
    OrderEvent.objects.create(order=locked, from_status=locked.status, to_status=locked.status, by=by,
                              note=f"Flagged for customer service: {reason}")
    return locked


def order_screened(*, order: Order, reasons: list[str]) -> Order:
    """Hold a new order with the fraud-screening reasons, or release it for dispatch when there are none.

    `order` is new: written in the caller's still open transaction, so no one else can see or change it, and
    the release needs no second read under a row lock (the hold goes through `order_transition`, emailing)."""
    if reasons:
        Order.objects.filter(pk=order.pk).update(hold_reasons=[*order.hold_reasons, *reasons])
        order.hold_reasons = [*order.hold_reasons, *reasons]
        return order_transition(order=order, to=S.ON_HOLD, note="Fraud screening: " + " ".join(reasons))
    previous = order.status
    if not transition_allowed(current=previous, to=S.READY_TO_DISPATCH):
        raise IllegalTransition(order.number, previous, S.READY_TO_DISPATCH)
    order.status = S.READY_TO_DISPATCH
    order.save(update_fields=["status", "updated_at"])
    OrderEvent.objects.create(order=order, from_status=previous, to_status=order.status, note="Fraud screening passed.")
    return order

