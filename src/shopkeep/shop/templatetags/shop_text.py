"""Filters that render shop text (product descriptions, shop pages, help articles): one place for links."""

from django import template
from django.utils.html import conditional_escape

from shopkeep.shop.links import external_links_mark
from shopkeep.shop.markdown import markdown_to_html
from shopkeep.shop.services import LEGAL_WITHDRAWAL_DAYS

register = template.Library()


@register.filter(is_safe=True)
def markdown(text):
    """Render the shop's safe Markdown subset, marking links that leave the shop (P-42)."""
    return external_links_mark(markdown_to_html(str(text or "")))


@register.filter(is_safe=True)
def external_links(markup):
    """Mark links that leave the shop in rendered HTML (escaped first if it is not already safe)."""
    return external_links_mark(conditional_escape(markup))


@register.simple_tag
def withdrawal_days() -> int:
    """Days a consumer has to withdraw from a distance contract (for checkout and emails)."""
    return LEGAL_WITHDRAWAL_DAYS
