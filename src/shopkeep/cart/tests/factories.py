"""Plain factory functions for carts."""

from shopkeep.cart.models import Cart, CartLine
from shopkeep.catalog.models import Variant


def cart_create(*, customer=None, currency: str = "EUR") -> Cart:
    """Create an empty cart."""
    return Cart.objects.create(customer=customer, currency=currency)


def cart_with_lines(*lines: tuple[Variant, int], customer=None, currency: str = "EUR") -> Cart:
    """Create a cart holding (variant, quantity) lines, bypassing stock checks."""
    cart = cart_create(customer=customer, currency=currency)
    for variant, quantity in lines:
        CartLine.objects.create(cart=cart, variant=variant, quantity=quantity)
    return cart
