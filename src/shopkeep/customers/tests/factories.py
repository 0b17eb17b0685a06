"""Plain factory functions for customer accounts, saved addresses and their orders."""

import itertools
from functools import cache

from django.contrib.auth.hashers import make_password

from shopkeep.customers.models import Address, User

PASSWORD = "a long enough passphrase for tests"
_sequence = itertools.count(1)


@cache
def _password_hash(password: str) -> str:
    # Argon2 is slow on purpose; hash each test password once per test process.
    return make_password(password)


def customer_create(*, email: str | None = None, password: str = PASSWORD, name: str = "", **extra) -> User:
    """Create a customer account that can log in with `password`."""
    email = email or f"customer{next(_sequence)}@example.com"
    return User.objects.create(email=email.lower(), password=_password_hash(password), name=name, **extra)


def address_create(*, customer: User | None = None, **overrides) -> Address:
    """Create a saved UK address (in `customer`'s address book when given)."""
    fields = {
        "name": "Ada Lovelace", "line1": "12 St James's Square", "line2": "", "city": "London", "region": "",
        "postal_code": "SW1Y 4JH", "country": "GB", "phone": "", **overrides,
    }
    return Address.objects.create(customer=customer, **fields)


def order_place(*, customer: User | None, email: str = "ada@example.com", quantity: int = 2):
    """Place a real order (sandbox card 4242…) for two pairs of socks at 12.50, shipped to the UK."""
    from shopkeep.cart.tests.factories import cart_with_lines
    from shopkeep.catalog.tests.factories import variant_create
    from shopkeep.checkout.services import checkout_complete
    from shopkeep.checkout.tests.factories import checkout_details
    from shopkeep.sandbox_gateway.tests.factories import card_token_create

    variant = variant_create(size="M", price="12.50", stock=10)
    cart = cart_with_lines((variant, quantity), customer=customer)
    order = checkout_complete(
        cart=cart, details=checkout_details(email=email), payment_token=card_token_create().token, customer=customer
    ).order
    return order
