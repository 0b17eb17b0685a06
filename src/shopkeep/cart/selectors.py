from shopkeep.cart.models import Cart, CartLine
from shopkeep.cart.pricing import CartTotals, PricedLine, price_lines
from shopkeep.money import Money


def cart_lines(*, cart: Cart) -> list[CartLine]:
    """The cart's lines with variant and product loaded in one query."""
    return list(cart.lines.select_related("variant__product__category"))


def cart_totals(*, cart: Cart, shipping: Money | None = None, lines: list[CartLine] | None = None) -> CartTotals:
    """Price the cart (optionally with a shipping price)."""
    lines = cart_lines(cart=cart) if lines is None else lines
    priced = [
        PricedLine(
            line_id=line.pk,
            sku=line.variant.sku,
            name=line.variant.product.name,
            size=line.variant.size,
            unit_price=line.variant.unit_price,
            quantity=line.quantity,
        )
        for line in lines
    ]
    return price_lines(lines=priced, shipping=shipping, currency=cart.currency)


def cart_by_token(*, token: str, include_ordered: bool = False) -> Cart | None:
    """The cart with this token; a cart that became an order only if `include_ordered`."""
    if not token or len(token) > 32:
        return None
    carts = Cart.objects.filter(token=token)
    if not include_ordered:
        carts = carts.filter(ordered_at__isnull=True)
    return carts.first()
