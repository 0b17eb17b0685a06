"""Template helpers available in every template (registered as builtins in settings)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shopkeep.cart.identity import CART_PARAM, SIGNATURE_FIELD, cart_signature
from shopkeep.conf import conf
from shopkeep.money import Money

register = template.Library()


def _current_cart(context):
    cart = context.get("cart")
    if cart is None:
        request = context.get("request")
        cart = getattr(request, "cart", None) if request is not None else None
    return cart if cart else None


@register.simple_tag(takes_context=True)
def shop_url(context, name, *args, **query):
    """Like {% url %}, but in cookieless mode the link carries the cart token (P-07)."""
    url = reverse(name, args=args)
    params = {k: v for k, v in query.items() if v not in (None, "")}
    cart = _current_cart(context)
    if conf.cookieless and cart is not None:
        params[CART_PARAM] = cart.token
    return f"{url}?{urlencode(params)}" if params else url


@register.simple_tag(takes_context=True)
def cart_fields(context):
    """Hidden inputs naming the cart and signing it: the CSRF protection of cart forms."""
    cart = _current_cart(context)
    if cart is None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}"><input type="hidden" name="{}" value="{}">',
        CART_PARAM, cart.token, SIGNATURE_FIELD, cart_signature(cart.token),
    )


@register.filter
def money(value, currency=None):
    """Format a Money, or a Decimal with a currency code."""
    if isinstance(value, Money):
        return str(value)
    if value is None or value == "":
        return ""
    return str(Money(value, currency or conf.currency))
