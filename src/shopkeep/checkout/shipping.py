"""Shipping methods and the countries the shop delivers to (demo: the UK, the US and the EU)."""

from dataclasses import dataclass
from decimal import Decimal

from shopkeep.addresses.validation import AddressInvalid, address_clean
from shopkeep.checkout.errors import CheckoutError
from shopkeep.money import Money

EU = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus", "CZ": "Czechia",
    "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany", "GR": "Greece",
    "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg",
    "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden",
}
COUNTRIES = dict(sorted({**EU, "GB": "United Kingdom", "US": "United States"}.items(), key=lambda item: item[1]))


@dataclass(frozen=True)
class ShippingMethod:
    code: str
    name: str
    price: Money
    delivery: str


def _zone(country: str) -> str | None:
    if country == "GB":
        return "gb"
    if country == "US":
        return "us"
    if country in EU:
        return "eu"
    return None


RATES = {
    "gb": [("gb-standard", "Standard (Royal Mail)", "3.95", "2–3 working days"),
           ("gb-express", "Express (next working day)", "7.95", "next working day")],
    "eu": [("eu-standard", "Standard (tracked)", "5.95", "3–6 working days"),
           ("eu-express", "Express courier", "14.95", "1–2 working days")],
    "us": [("us-standard", "Standard international", "12.95", "6–10 working days"),
           ("us-express", "Express international", "29.95", "2–4 working days")],
}


def shipping_methods_for(*, country: str, currency: str) -> list[ShippingMethod]:
    """The methods that deliver to `country` (ISO 3166-1 alpha-2), cheapest first; empty if none."""
    zone = _zone(country.upper())
    if zone is None:
        return []
    return [ShippingMethod(code, name, Money(Decimal(price), currency), days) for code, name, price, days in RATES[zone]]


def shipping_method_get(*, code: str, country: str, currency: str) -> ShippingMethod | None:
    """The method with `code` if it delivers to `country`."""
    return next((m for m in shipping_methods_for(country=country, currency=currency) if m.code == code), None)


def delivery_address_clean(data: dict, *, prefix: str = "") -> dict:
    """Return the address checked by its country's rules and in a country the shop delivers to.

    Raise CheckoutError naming every bad field (P-01: only what delivery needs is required).
    """
    try:
        return address_clean(data, prefix=prefix, countries=COUNTRIES)
    except AddressInvalid as error:
        raise CheckoutError(error.message, fields=error.fields) from None
