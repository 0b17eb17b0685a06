"""Template helpers for the account pages."""

from django import template

from shopkeep.checkout.shipping import COUNTRIES

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The country's name for an ISO 3166-1 alpha-2 code the shop delivers to; else the code."""
    return COUNTRIES.get(code, code)
