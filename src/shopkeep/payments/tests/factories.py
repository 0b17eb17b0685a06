"""Plain factory functions for payments: authorisations at the sandbox gateway and orders placed through checkout."""

from decimal import Decimal

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.money import Money
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_authorise
from shopkeep.sandbox_gateway.tests.factories import SUCCEEDS, card_token_create


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def payment_authorised(*, amount: str = "100.00", number: str = SUCCEEDS, key: str = "auth-1") -> Payment:
    """A live authorisation of `amount` EUR at the sandbox gateway, without an order."""
    token = card_token_create(number=number)
    return payment_authorise(token=token.token, amount=eur(amount), idempotency_key=key)


def order_placed(*, number: str = SUCCEEDS, price: str = "20.00", quantity: int = 1):
    """An order placed through the real checkout with the sandbox card `number`; returns (order, cart)."""
    variant = variant_create(product=product_create(name="Payment Socks"), size="M", price=price, stock=10)
    cart = cart_with_lines((variant, quantity))
    order = checkout_complete(cart=cart, details=checkout_details(),
                              payment_token=card_token_create(number=number).token).order
    return order, cart
