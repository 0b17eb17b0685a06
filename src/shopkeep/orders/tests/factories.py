"""Plain factory functions for orders placed through the real checkout."""

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import address_data, checkout_details
from shopkeep.sandbox_gateway.tests.factories import SUCCEEDS, card_token_create


def order_place(*, card: str = SUCCEEDS, customer=None, email: str = "ada@example.com", client_ip: str | None = None,
                quantities: tuple[int, ...] = (2, 1), prices: tuple[str, ...] = ("12.50", "30.00"),
                phone: str = "+44 20 7946 0000", token: str | None = None):
    """Place an order of one or more products (socks × 2 at 12.50 and a lamp at 30.00 by default), shipping 3.95 (gb-standard)."""
    lines = []
    for index, (quantity, price) in enumerate(zip(quantities, prices, strict=True)):
        product = product_create(name=f"Product {index}")
        lines.append((variant_create(product=product, sku=f"{product.slug}-M", size="M", price=price, stock=20),
                      quantity))
    cart = cart_with_lines(*lines, customer=customer)
    order = checkout_complete(
        cart=cart, details=checkout_details(email=email, shipping_address=address_data(phone=phone)),
        payment_token=token or card_token_create(number=card).token, customer=customer, client_ip=client_ip,
    ).order
    return order
