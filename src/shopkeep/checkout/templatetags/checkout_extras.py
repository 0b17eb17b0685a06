"""Template filters for checkout pages and order emails (the address ones come from shopkeep.addresses)."""

from django import template

from shopkeep.addresses.definition import country_name as _country_name
from shopkeep.addresses.formatting import address_format_lines

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The English name of a country, or the code itself."""
    return _country_name(code)


@register.filter
def address_lines(address) -> list[str]:
    """An address (model or dict) as the lines of a postal label, in its country's order."""
    return address_format_lines(address)
