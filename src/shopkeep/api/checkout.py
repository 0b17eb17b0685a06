"""Checkout: turn a cart into an order, paid with a card token from the payment gateway."""

from ninja import Router, Status

from shopkeep.api.cart import Token, cart_get
from shopkeep.api.errors import declare
from shopkeep.api.schemas import CheckoutIn, OrderOut
from shopkeep.checkout.services import CheckoutDetails, checkout_complete
from shopkeep.conf import conf
from shopkeep.http import client_ip
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_confirmation_path
from shopkeep.throttle import throttle_hit

router = Router(tags=["checkout"])

REPLAY_RULE = (
    "The cart had already become an order: that order, with `replayed: true`. Nothing was authorised, "
    "redeemed or emailed again, whatever `payment_token` was sent."
)
_EXAMPLE = {"number": "SK-7Q2M9XK4", "status": "ready_to_dispatch", "discount": "0.00", "total": "28.95",
            "currency": "EUR", "confirmation_url": "https://shop.example/checkout/order/eyJvIjo…/"}
ORDER_PLACED = {**_EXAMPLE, "replayed": False}
ORDER_REPLAYED = {**_EXAMPLE, "replayed": True}


def order_out(order: Order, *, replayed: bool = False) -> dict:
    """The API shape of a placed order."""
    return {
        "number": order.number,
        "status": order.status,
        "discount": f"{order.discount_total:.2f}",
        "total": f"{order.total:.2f}",
        "vat": [{"rate": f"{line.rate:.2f}", "amount": f"{line.amount:.2f}"} for line in order.tax_lines.all()],
        "currency": order.currency,
        "confirmation_url": conf.absolute_url(order_confirmation_path(order)),
        "replayed": replayed,
    }


@router.post(
    "/carts/{token}/checkout",
    response=declare({201: OrderOut, 200: OrderOut}, 400, 402, 404, 409, 422, 429),
    summary="Place the order",
    openapi_extra={"responses": {
        201: {"description": "The order was placed: the total is authorised on the card token.",
                "content": {"application/json": {"example": ORDER_PLACED}}},
        200: {"description": REPLAY_RULE, "content": {"application/json": {"example": ORDER_REPLAYED}}},
    }},
)
def carts_checkout(request, token: Token, payload: CheckoutIn):
    """Authorise the total on the card token, reserve the stock and place the order (201).

    A cart that already became an order returns that order with 200 and `replayed: true`, whatever
    `payment_token` is sent: nothing is authorised, redeemed or emailed again, so a retried request or
    a second card never places a second order or charges twice (the shop's pages and phone orders follow
    the same rule). `newsletter: true` only emails a confirmation link (double opt-in), once, when the order
    is placed: ordering never subscribes anyone by itself. 400: invalid or expired payment token;
    402: card declined; 404: unknown cart; 409: empty cart or not enough stock; 422: invalid fields, listed
    in `errors` (a refused coupon under `coupon`: unknown, expired, used, not eligible for this email
    address, or items below its minimum); 429: too many attempts from this address, or too many declined
    payments for this cart or email address (card testing), with `Retry-After`.
    """
    throttle_hit("checkout", client_ip(request))
    if payload.coupon:
        throttle_hit("coupon", client_ip(request))
    cart = cart_get(token)
    details = CheckoutDetails(
        email=payload.email,
        shipping_address=payload.shipping_address.model_dump(),
        billing_address=payload.billing_address.model_dump() if payload.billing_address else None,
        shipping_method=payload.shipping_method,
    )
    result = checkout_complete(cart=cart, details=details, payment_token=payload.payment_token,
                               client_ip=client_ip(request), coupon_code=payload.coupon,
                               survey_opt_in=payload.survey_opt_in, newsletter=payload.newsletter)
    return Status(200 if result.replayed else 201, order_out(result.order, replayed=result.replayed))
