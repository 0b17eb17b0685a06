"""Checkout: turn a cart into an order, paid with a card token from the payment gateway."""

from ninja import Router, Status

from shopkeep.api.cart import Token, cart_get
from shopkeep.api.errors import declare
from shopkeep.api.schemas import CheckoutIn, OrderOut
from shopkeep.cart.errors import CartAlreadyOrdered
from shopkeep.checkout.services import CheckoutDetails, checkout_complete
from shopkeep.conf import conf
from shopkeep.mailing.models import Subscription
from shopkeep.mailing.services import newsletter_subscribe_request
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_confirmation_path

router = Router(tags=["checkout"])


def order_out(order: Order) -> dict:
    """The API shape of a placed order."""
    return {
        "number": order.number,
        "status": order.status,
        "discount": f"{order.discount_total:.2f}",
        "total": f"{order.total:.2f}",
        "vat": [{"rate": f"{line.rate:.2f}", "amount": f"{line.amount:.2f}"} for line in order.tax_lines.all()],
        "currency": order.currency,
        "confirmation_url": conf.absolute_url(order_confirmation_path(order)),
    }


def order_replayed(*, cart, payment_token: str) -> Order:
    """The order an earlier identical checkout of this cart placed; 409 if the cart was ordered otherwise."""
    order = Order.objects.filter(cart=cart, payments__token=payment_token).first()
    if order is None:
        raise CartAlreadyOrdered()
    return order


@router.post(
    "/carts/{token}/checkout",
    response=declare({201: OrderOut, 200: OrderOut}, 400, 402, 404, 409, 422),
    summary="Place the order",
)
def carts_checkout(request, token: Token, payload: CheckoutIn):
    """Authorise the total on the card token, reserve the stock and place the order (201).

    Sending the same checkout again returns the same order with 200: never a second order or
    a second authorisation. `newsletter: true` only emails a confirmation link (double opt-in):
    ordering never subscribes anyone by itself. 400: invalid or expired payment token; 402: card declined;
    404: unknown cart; 409: empty cart, not enough stock, or the cart was ordered with
    another payment; 422: invalid fields, listed in `errors` (a refused coupon under `coupon`:
    unknown, expired, used, not eligible for this email address, or items below its minimum).
    """
    cart = cart_get(token)
    if cart.is_ordered:
        return Status(200, order_out(order_replayed(cart=cart, payment_token=payload.payment_token)))
    details = CheckoutDetails(
        email=payload.email,
        shipping_address=payload.shipping_address.model_dump(),
        billing_address=payload.billing_address.model_dump() if payload.billing_address else None,
        shipping_method=payload.shipping_method,
    )
    order, created = checkout_complete(cart=cart, details=details, payment_token=payload.payment_token,
                                       client_ip=request.META.get("REMOTE_ADDR") or None,
                                       coupon_code=payload.coupon, survey_opt_in=payload.survey_opt_in)
    if created and payload.newsletter:
        newsletter_subscribe_request(email=payload.email, source=Subscription.Source.CHECKOUT)
    return Status(201 if created else 200, order_out(order))
