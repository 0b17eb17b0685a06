"""Template filters for checkout pages and order emails."""

from django import template

from shopkeep.checkout import addresses
from shopkeep.checkout.shipping import COUNTRIES

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The English name of a country the shop delivers to, or the code itself."""
    return COUNTRIES.get((code or "").upper(), code or "")


@register.filter
def address_lines(address) -> list[str]:
    """An address (model or dict) as the lines of a postal label."""
    return addresses.address_lines(address)
