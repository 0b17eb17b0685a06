from shopkeep.cart.models import Cart, CartLine
from shopkeep.pricing.selectors import totals_for
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import Discount, PricedLine, Totals


def cart_lines(*, cart: Cart) -> list[CartLine]:
    """The cart's lines with variant and product loaded in one query."""
    return list(cart.lines.select_related("variant__product__category"))


def cart_priced_lines(*, lines: list[CartLine]) -> list[PricedLine]:
    """The cart's lines as pricing takes them."""
    return [
        PricedLine(
            line_id=line.pk,
            sku=line.variant.sku,
            name=line.variant.product.name,
            size=line.variant.size,
            unit_price=line.variant.unit_price,
            quantity=line.quantity,
            tax_class=line.variant.product.tax_class,
        )
        for line in lines
    ]


def cart_totals(*, cart: Cart, shipping: ShippingOption | None = None, lines: list[CartLine] | None = None,
                destination: str = "", discount: Discount | None = None) -> Totals:
    """Price the cart, optionally with a shipping method, a destination country (for VAT) and a discount."""
    lines = cart_lines(cart=cart) if lines is None else lines
    return totals_for(lines=cart_priced_lines(lines=lines), currency=cart.currency, destination=destination,
                      discount=discount, shipping=shipping)


def cart_by_token(*, token: str, include_ordered: bool = False) -> Cart | None:
    """The cart with this token; a cart that became an order only if `include_ordered`."""
    if not token or len(token) > 32:
        return None
    carts = Cart.objects.filter(token=token)
    if not include_ordered:
        carts = carts.filter(ordered_at__isnull=True)
    return carts.first()
