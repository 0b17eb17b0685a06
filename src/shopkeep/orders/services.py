"""Creating orders and telling customers about them."""

from django.core import signing
from django.urls import reverse

from shopkeep.cart.pricing import CartTotals
from shopkeep.conf import conf
from shopkeep.customers.models import Address
from shopkeep.mailing.services import email_send
from shopkeep.money import Money
from shopkeep.orders.models import Order, OrderLine

CONFIRMATION_SALT = "shopkeep.orders.confirmation"


def order_create(
    *,
    cart,
    customer,
    email: str,
    totals: CartTotals,
    variant_ids: dict[str, int],
    shipping_method,
    shipping_address: Address,
    billing_address: Address,
    discount: Money | None = None,
    coupon_code: str = "",
) -> Order:
    """Write the order and its lines from priced cart totals (inside the caller's transaction).

    A coupon's `discount` comes off the items; the order's total is never below zero.
    """
    discount = discount if discount is not None else Money.zero(totals.total.currency)
    total = max(totals.total - discount, Money.zero(totals.total.currency), key=lambda money: money.amount)
    order = Order.objects.create(
        cart=cart,
        customer=customer,
        email=email,
        currency=totals.total.currency,
        subtotal=totals.subtotal.amount,
        shipping_total=totals.shipping.amount,
        discount_total=discount.amount,
        coupon_code=coupon_code,
        total=total.amount,
        shipping_method=shipping_method.code,
        shipping_method_name=shipping_method.name,
        shipping_address=shipping_address,
        billing_address=billing_address,
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
    email_send(
        kind="order_confirmation",
        to=order.email,
        subject=f"Your order {order.number}",
        template="orders/email/confirmation",
        context={
            "order": order,
            "lines": list(order.lines.all()),
            "payment": order.payments.exclude(status="declined").last(),
            "confirmation_url": conf.absolute_url(order_confirmation_path(order)),
        },
    )
