from django import template
from django.core import signing
from django.urls import reverse

from shopkeep.conf import conf
from shopkeep.orders.fulfilment import return_window_open
from shopkeep.orders.services import CONFIRMATION_SALT

register = template.Library()


@register.simple_tag
def order_return_path(order) -> str:
    """The signed link to the return form of `order`, or "" when the return window is closed."""
    if not return_window_open(order=order):
        return ""
    return reverse("orders:return", args=[signing.dumps(order.number, salt=CONFIRMATION_SALT)])


@register.simple_tag
def order_shipments(order) -> list:
    return list(order.shipments.all())


@register.simple_tag
def cart_immediate_products(cart) -> list[str]:
    """Names of the cart's products charged at checkout (when the shop allows it); empty otherwise."""
    if cart is None or not conf.immediate_capture_allowed:
        return []
    return sorted({line.variant.product.name for line in cart.lines.select_related("variant__product")
                   if line.variant.product.capture_immediately})
