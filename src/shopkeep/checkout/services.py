"""Turning a cart into an order: check, authorise, reserve stock, write the order, send the email."""

from dataclasses import dataclass
from functools import partial

from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shopkeep.analytics.services import conversion_record
from shopkeep.cart.errors import EmptyCart
from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_lines, cart_totals
from shopkeep.catalog.errors import OutOfStock
from shopkeep.catalog.services import stock_reserve
from shopkeep.checkout.errors import CheckoutError
from shopkeep.checkout.fraud import card_testing_check, card_testing_decline, fraud_reasons
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.shipping import delivery_address_clean
from shopkeep.customers.models import Address
from shopkeep.mailing.campaigns.coupons import AppliedCoupon, coupon_apply, coupon_redeem
from shopkeep.mailing.campaigns.errors import CouponError
from shopkeep.mailing.campaigns.surveys import survey_opt_in_record, survey_opt_in_wanted
from shopkeep.mailing.models import Subscription
from shopkeep.mailing.services import newsletter_subscribe_request
from shopkeep.money import Money
from shopkeep.orders.fulfilment import order_capture_immediate
from shopkeep.orders.models import Order, OrderEvent
from shopkeep.orders.selectors import order_for_cart
from shopkeep.orders.services import order_create, order_screened
from shopkeep.orders.tasks import order_confirmation_send_task
from shopkeep.outbox import relay as outbox
from shopkeep.payments.errors import PaymentDeclined
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_authorise, payment_void
from shopkeep.pricing.selectors import shipping_method_get
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import Totals


@dataclass(frozen=True)
class CheckoutDetails:
    email: str
    shipping_address: dict
    billing_address: dict | None
    shipping_method: str


@dataclass(frozen=True)
class CheckedDetails:
    email: str
    shipping_address: dict
    billing_address: dict
    shipping_method: ShippingOption


def email_clean(value: str) -> str:
    """Return the address without surrounding spaces, or raise CheckoutError with a message for the field."""
    value = (value or "").strip()
    if not value:
        raise CheckoutError("Please check your email address.", fields={"email": "Email address is required."})
    try:
        validate_email(value)
    except ValidationError:
        raise CheckoutError("Please check your email address.", fields={"email": "Enter a valid email address."}) from None
    if len(value) > 254:
        raise CheckoutError("Please check your email address.", fields={"email": "Use at most 254 characters."})
    return value


def checkout_check(*, cart: Cart, details: CheckoutDetails) -> CheckedDetails:
    """Validate everything the order needs before any money moves; raise CheckoutError listing every problem."""
    fields: dict[str, str] = {}
    checked = {}
    for name, clean in (
        ("email", lambda: email_clean(details.email)),
        ("shipping_address", lambda: delivery_address_clean(details.shipping_address, prefix="shipping_")),
        ("billing_address", lambda: delivery_address_clean(details.billing_address, prefix="billing_")
            if details.billing_address else None),
    ):
        try:
            checked[name] = clean()
        except CheckoutError as error:
            fields.update(error.fields)
    method = None
    if "shipping_address" in checked:
        method = shipping_method_get(
            code=details.shipping_method, country=checked["shipping_address"]["country"], currency=cart.currency
        )
        if method is None:
            fields["shipping_method"] = "Choose a shipping method that delivers to your country."
    if fields:
        raise CheckoutError("Please correct the highlighted fields.", fields=fields)
    return CheckedDetails(
        email=checked["email"],
        shipping_address=checked["shipping_address"],
        billing_address=checked["billing_address"] or checked["shipping_address"],
        shipping_method=method,
    )


def _check_stock(lines) -> None:
    if not lines:
        raise EmptyCart()
    for line in lines:
        if line.quantity > line.variant.stock:
            raise OutOfStock(line.variant, line.quantity)


def checkout_coupon(*, code: str, email: str, totals: Totals) -> AppliedCoupon | None:
    """The coupon `code` checked against these items (None without a code); CheckoutError on field "coupon" if refused."""
    if not (code or "").strip():
        return None
    try:
        return coupon_apply(code=code, email=email, subtotal=totals.subtotal)
    except CouponError as error:
        raise CheckoutError(error.message, fields={"coupon": error.message}) from None


def checkout_totals(*, cart: Cart, shipping_method: ShippingOption | None, destination: str, email: str = "",
                    coupon_code: str = "", lines: list | None = None) -> tuple[Totals, AppliedCoupon | None]:
    """The cart priced for this delivery, with the coupon applied as a discount; its `total` is what the customer
    pays (and what is authorised). CheckoutError on field "coupon" if the coupon is refused."""
    lines = cart_lines(cart=cart) if lines is None else lines
    applied = None
    if (coupon_code or "").strip():  # the coupon is checked against the items alone; no code, no such pricing
        applied = checkout_coupon(code=coupon_code, email=email,
                                  totals=cart_totals(cart=cart, lines=lines, destination=destination))
    totals = cart_totals(cart=cart, lines=lines, shipping=shipping_method, destination=destination,
                         discount=applied.discount if applied else None)
    return totals, applied


@dataclass(frozen=True)
class CheckoutPrice:
    totals: Totals
    applied: AppliedCoupon | None

    @property
    def amount(self) -> Money:
        """What is authorised: the total the customer pays."""
        return self.totals.total


def checkout_price(*, cart: Cart, shipping_method: ShippingOption | None, destination: str, coupon_code: str = "",
                   email: str = "", lines=None) -> CheckoutPrice:
    """The cart's totals with the coupon applied, and the amount to authorise: the one place checkout prices.

    Raises CheckoutError on field "coupon" when the coupon is refused."""
    totals, applied = checkout_totals(cart=cart, shipping_method=shipping_method, destination=destination,
                                      email=email, coupon_code=coupon_code, lines=lines)
    return CheckoutPrice(totals=totals, applied=applied)


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    replayed: bool


def checkout_complete(
    *, cart: Cart, details: CheckoutDetails, payment_token: str, client_ip: str | None = None, customer=None,
    coupon_code: str = "", survey_opt_in: bool = False, newsletter: bool = False, capture_consent: bool = False,
) -> CheckoutResult:
    """Place the order for `cart`, the one way every door (pages, API, phone orders) completes a checkout.

    Replay rule: a cart that already became an order returns that order with `replayed=True`; nothing is
    checked, authorised, redeemed or emailed again, whatever payment token is sent, so a double click,
    a retried request or a second card never charges twice. A coupon lowers the amount authorised and
    is redeemed with the order; `survey_opt_in` (an unticked box) asks for a survey invitation after
    delivery (P-30); `newsletter` (an unticked box) emails a confirmation link once the order is placed
    (double opt-in, P-25). The client IP is kept only on the order, for fraud screening (P-19). With
    `capture_consent` (the customer ticked it), products marked capture_immediately are charged now."""
    existing = order_for_cart(cart=cart)
    if existing is not None:
        return CheckoutResult(order=existing, replayed=True)
    checked = checkout_check(cart=cart, details=details)
    card_testing_check(cart_token=cart.token, email=checked.email)  # Throttled after too many declines
    lines = cart_lines(cart=cart)
    _check_stock(lines)
    price = checkout_price(cart=cart, shipping_method=checked.shipping_method,
                           destination=checked.shipping_address["country"], coupon_code=coupon_code,
                           email=checked.email, lines=lines)
    try:
        payment = payment_authorise(
            token=payment_token, amount=price.amount,
            idempotency_key=_idempotency_key(cart, payment_token, price.amount),
        )
    except PaymentDeclined:
        card_testing_decline(cart_token=cart.token, email=checked.email)
        raise
    try:
        return _place(cart=cart, checked=checked, lines=lines, price=price, payment=payment, customer=customer,
                      survey_opt_in=survey_opt_in, newsletter=newsletter, client_ip=client_ip,
                      capture_consent=capture_consent)
    except (OutOfStock, CheckoutError):
        payment_void(payment=payment)
        raise


def _idempotency_key(cart: Cart, payment_token: str, amount: Money) -> str:
    # The same cart, card and total authorise once (a double click places one order); an
    # authorisation voided because stock ran out must not be reused, so a retry gets a new key.
    prefix = f"checkout:{cart.token}:{payment_token}:{amount.amount}"
    voided = Payment.objects.filter(
        Q(idempotency_key=prefix) | Q(idempotency_key__startswith=f"{prefix}:"), status=Payment.Status.VOIDED
    ).count()
    return f"{prefix}:{voided}" if voided else prefix


def _place(*, cart, checked, lines, price: CheckoutPrice, payment: Payment, customer, survey_opt_in: bool,
           newsletter: bool, client_ip, capture_consent: bool) -> CheckoutResult:
    applied = price.applied
    with transaction.atomic():
        locked = Cart.objects.select_for_update().get(pk=cart.pk)
        existing = order_for_cart(cart=locked)
        if existing is not None:
            # Another request placed the order meanwhile: the same replay rule, and this authorisation goes.
            if not existing.payments.filter(pk=payment.pk).exists():
                transaction.on_commit(partial(payment_void, payment=payment), robust=True)
            return CheckoutResult(order=existing, replayed=True)
        stock_reserve(quantities={line.variant_id: line.quantity for line in lines})
        shipping = Address.objects.create(**checked.shipping_address)
        billing = (
            shipping if checked.billing_address == checked.shipping_address
            else Address.objects.create(**checked.billing_address)
        )
        order = order_create(
            cart=locked,
            customer=customer,
            email=checked.email,
            totals=price.totals,
            variant_ids={line.variant.sku: line.variant_id for line in lines},
            shipping_method=checked.shipping_method,
            shipping_address=shipping,
            billing_address=billing,
            coupon_code=applied.code if applied else "",
            checkout_ip=client_ip,
        )
        if applied is not None:
            try:
                coupon_redeem(applied=applied, email=checked.email, order=order)
            except CouponError as error:
                raise CheckoutError(error.message, fields={"coupon": error.message}) from None
        if survey_opt_in_wanted(ticked=survey_opt_in, customer=customer):
            survey_opt_in_record(order=order)
        Payment.objects.filter(pk=payment.pk).update(order=order)
        order = order_screened(order=order, reasons=fraud_reasons(order=order, payment=payment, client_ip=client_ip))
        locked.ordered_at = timezone.now()
        locked.save(update_fields=["ordered_at", "updated_at"])
        CheckoutDraft.objects.filter(cart=locked).delete()
        if capture_consent:
            OrderEvent.objects.create(order=order, from_status=order.status, to_status=order.status,
                                      note="The customer consented to be charged at once for goods delivered at once.")
            # A capture that fails now is taken at dispatch (P-18); it must not turn the placed order into an error.
            transaction.on_commit(partial(_capture_immediate, order.pk), robust=True)
        # The confirmation is recorded with the order: it is sent once even if the queue is down right now.
        outbox.enqueue(order_confirmation_send_task, order.pk)
        transaction.on_commit(partial(conversion_record, "order_placed"), robust=True)
        if newsletter:
            # Only starts double opt-in (P-25); a mail problem must not turn a placed order into an error page.
            transaction.on_commit(partial(_newsletter_request, checked.email), robust=True)
    return CheckoutResult(order=order, replayed=False)


def _capture_immediate(order_id: int) -> None:
    order_capture_immediate(order=Order.objects.get(pk=order_id))


def _newsletter_request(email: str) -> None:
    """After the order is committed: email the newsletter confirmation link the customer asked for."""
    newsletter_subscribe_request(email=email, source=Subscription.Source.CHECKOUT)
