"""Template helpers for the account pages."""

from django import template

from shopkeep.addresses.definition import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The country's English name for an ISO 3166-1 alpha-2 code; else the code."""
    return _country_name(code)
