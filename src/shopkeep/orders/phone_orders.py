"""Phone orders (virtual terminal, P-21): a billing clerk builds the order, the card goes on the gateway's own page.

The clerk (or the customer on the phone) types the card on the payment gateway's hosted card page;
the shop receives only the token, so it never sees the card number. Then the normal authorise → order path runs.
"""

from django.core import signing
from django.db import transaction

from shopkeep.cart.models import Cart
from shopkeep.cart.services import cart_add_line, cart_create
from shopkeep.checkout.drafts import (
    draft_checkout_details,
    draft_details_save,
    draft_get,
    draft_payment_save,
    draft_shipping_method,
    draft_shipping_method_save,
)
from shopkeep.checkout.services import checkout_complete, checkout_totals
from shopkeep.customers.models import User
from shopkeep.money import Money
from shopkeep.orders.models import Order, OrderEvent

PHONE_ORDER_SALT = "shopkeep.orders.phone_order"
PHONE_ORDER_MAX_AGE = 3600


@transaction.atomic
def phone_order_start(*, email: str, lines: list[tuple[str, int]], shipping_address: dict,
                      shipping_method: str) -> Cart:
    """A cart with the products and a checkout draft with the customer's details, ready for the card.

    Raises the cart, catalogue or checkout error naming what is wrong; nothing is kept then.
    """
    customer = User.objects.with_email(email.strip()).filter(is_staff=False).first() if email.strip() else None
    cart = cart_create(customer=customer)
    for sku, quantity in lines:
        cart_add_line(cart=cart, sku=sku, quantity=quantity)
    draft_details_save(cart=cart, email=email, shipping_address=shipping_address, billing_address=None)
    draft_shipping_method_save(cart=cart, code=shipping_method)
    return cart


def phone_order_amount(*, cart: Cart) -> Money:
    """What the card is asked for on the gateway's page: the phone order's total, priced like any checkout."""
    draft = draft_get(cart=cart)
    totals, _ = checkout_totals(cart=cart, shipping_method=draft_shipping_method(draft=draft),
                                destination=draft.shipping_country)
    return totals.total


def phone_order_token(*, cart: Cart) -> str:
    """A signed reference to the phone order's cart, for the gateway's return link."""
    return signing.dumps(cart.token, salt=PHONE_ORDER_SALT)


def phone_order_cart(*, token: str) -> Cart | None:
    """The cart a phone-order return link names, or None if forged or too old."""
    try:
        cart_token = signing.loads(token, salt=PHONE_ORDER_SALT, max_age=PHONE_ORDER_MAX_AGE)
    except signing.BadSignature:
        return None
    return Cart.objects.filter(token=cart_token).first()


def phone_order_complete(*, cart: Cart, payment_token: str, clerk) -> Order:
    """Authorise the card token from the gateway and place the order; a repeat returns the same order."""
    existing = Order.objects.filter(cart=cart).first()
    if existing is not None:
        return existing
    draft_payment_save(cart=cart, token=payment_token)
    draft = draft_get(cart=cart)
    order, created = checkout_complete(cart=cart, details=draft_checkout_details(draft=draft),
                                       payment_token=draft.payment_token, customer=cart.customer)
    if created:
        OrderEvent.objects.create(order=order, from_status=order.status, to_status=order.status, by=clerk,
                                  note="Phone order taken in the virtual terminal.")
    return order
