"""A placed order for tests that need one, made through the real checkout service."""

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.sandbox_gateway.tests.factories import card_token_create

_made = {"n": 0}


def order_make(*, email: str = "ada@example.com", customer=None, price: str = "12.50", quantity: int = 2,
               coupon_code: str = ""):
    """Place an order for `quantity` of a fresh product."""
    _made["n"] += 1
    n = _made["n"]
    variant = variant_create(product=product_create(name=f"Socks {n}"), sku=f"SOCKS-{n}", size="M", price=price,
                             stock=quantity + 5)
    cart = cart_with_lines((variant, quantity), customer=customer)
    order = checkout_complete(cart=cart, details=checkout_details(email=email),
                              payment_token=card_token_create().token, customer=customer,
                              coupon_code=coupon_code).order
    return order
