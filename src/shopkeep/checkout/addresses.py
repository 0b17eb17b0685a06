"""Checking the address a customer typed: only what delivery needs is required (P-01)."""

from shopkeep.checkout.errors import CheckoutError
from shopkeep.checkout.shipping import COUNTRIES

REQUIRED = {"name": "Full name", "line1": "Address line 1", "city": "Town or city", "postal_code": "Postal code",
            "country": "Country"}
LIMITS = {"name": 150, "line1": 200, "line2": 200, "city": 100, "region": 100, "postal_code": 20, "country": 2,
          "phone": 30}
PHONE_CHARACTERS = set("0123456789+-() .")


def address_clean(data: dict, *, prefix: str = "") -> dict:
    """Return the address with every value stripped, or raise CheckoutError naming each bad field."""
    unknown = set(data) - set(LIMITS)
    if unknown:
        message = f"Unknown address field(s): {', '.join(sorted(unknown))}."
        raise CheckoutError(message, fields={f"{prefix}address" if prefix else "address": message})
    cleaned = {field: str(data.get(field) or "").strip() for field in LIMITS}
    cleaned["country"] = cleaned["country"].upper()
    errors = {}
    for field, label in REQUIRED.items():
        if not cleaned[field]:
            errors[prefix + field] = f"{label} is required."
    for field, limit in LIMITS.items():
        if len(cleaned[field]) > limit:
            errors[prefix + field] = f"Use at most {limit} characters."
    if cleaned["country"] and cleaned["country"] not in COUNTRIES:
        errors[prefix + "country"] = "Sorry, we don't deliver to that country yet."
    if cleaned["phone"] and (not set(cleaned["phone"]) <= PHONE_CHARACTERS or sum(c.isdigit() for c in cleaned["phone"]) < 6):
        errors[prefix + "phone"] = "Enter a phone number with digits only (and + - ( ) spaces)."
    if errors:
        raise CheckoutError("Please check the address.", fields=errors)
    return cleaned


def address_lines(address) -> list[str]:
    """An address (a model or a dict) as the lines of a postal label, with the country's name."""
    get = address.get if isinstance(address, dict) else (lambda name, default="": getattr(address, name, default))
    town = " ".join(part for part in (get("postal_code", ""), get("city", "")) if part)
    country = get("country", "") or ""
    parts = (get("name", ""), get("line1", ""), get("line2", ""), town, get("region", ""),
             COUNTRIES.get(country.upper(), country))
    return [part for part in parts if part]
