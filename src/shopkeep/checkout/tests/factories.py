"""Plain factory functions for checkout input."""

from shopkeep.checkout.services import CheckoutDetails


def address_data(**overrides) -> dict:
    """A complete UK delivery address as a customer would type it."""
    return {
        "name": "Ada Lovelace",
        "line1": "12 St James's Square",
        "line2": "",
        "city": "London",
        "region": "",
        "postal_code": "SW1Y 4JH",
        "country": "GB",
        "phone": "",
        **overrides,
    }


def checkout_details(
    *,
    email: str = "ada@example.com",
    shipping_address: dict | None = None,
    billing_address: dict | None = None,
    shipping_method: str = "gb-standard",
) -> CheckoutDetails:
    """Checkout details for a guest shipping to the UK."""
    return CheckoutDetails(
        email=email,
        shipping_address=shipping_address if shipping_address is not None else address_data(),
        billing_address=billing_address,
        shipping_method=shipping_method,
    )
