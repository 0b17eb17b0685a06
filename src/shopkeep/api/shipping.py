"""Shipping methods and their prices for a destination country."""

from typing import Annotated

from ninja import Query, Router

from shopkeep.api.errors import ApiError, declare
from shopkeep.api.schemas import ShippingMethodOut
from shopkeep.conf import conf
from shopkeep.pricing.selectors import shipping_methods_for

router = Router(tags=["shipping"])

Country = Annotated[
    str, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code of the destination, e.g. GB.")
]


@router.get(
    "/shipping-methods", response=declare({200: list[ShippingMethodOut]}, 400, 422),
    summary="Shipping methods for a country",
)
def shipping_methods_list(request, country: Country):
    """The active methods of the shipping zone that serves `country` (shop data), in the shop's order (cheapest
    first in the demo), priced in the shop's currency; prices include VAT.
    A well-formed code of a country the shop does not deliver to gets 400 with the reason
    (rather than an empty list, so a client can tell a typo from "no delivery")."""
    methods = shipping_methods_for(country=country.upper(), currency=conf.currency)
    if not methods:
        raise ApiError(400, f"Sorry, we don't deliver to {country.upper()} yet.",
                       errors={"country": "We don't deliver to this country yet."})
    return [
        {"code": m.code, "name": m.name, "price": f"{m.price.amount:.2f}", "currency": m.price.currency}
        for m in methods
    ]
