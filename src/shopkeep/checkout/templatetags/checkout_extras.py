"""Template filters for checkout pages and order emails."""

from django import template

from shopkeep.checkout.shipping import COUNTRIES

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The English name of a country the shop delivers to, or the code itself."""
    return COUNTRIES.get((code or "").upper(), code or "")


@register.filter
def address_lines(address) -> list[str]:
    """An address (model or dict) as the lines of a postal label."""
    get = address.get if isinstance(address, dict) else (lambda name, default="": getattr(address, name, default))
    town = " ".join(part for part in (get("postal_code", ""), get("city", "")) if part)
    parts = (get("name", ""), get("line1", ""), get("line2", ""), town, get("region", ""),
             country_name(get("country", "")))
    return [part for part in parts if part]
