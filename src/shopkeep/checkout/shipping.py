"""Where the checkout delivers: the countries offered and the delivery address check; methods and rates are
shop data in pricing."""

from shopkeep.addresses.validation import AddressInvalid, address_clean
from shopkeep.checkout.errors import CheckoutError
from shopkeep.pricing.selectors import delivery_countries


def delivery_address_clean(data: dict, *, prefix: str = "") -> dict:
    """Return the address checked by its country's rules and in a country the shop delivers to.

    Raise CheckoutError naming every bad field (P-01: only what delivery needs is required).
    """
    try:
        return address_clean(data, prefix=prefix, countries=delivery_countries())
    except AddressInvalid as error:
        raise CheckoutError(error.message, fields=error.fields) from None
