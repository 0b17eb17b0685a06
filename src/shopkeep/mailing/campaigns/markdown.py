"""The newsletter's Markdown subset is the shop's one renderer, kept in `shopkeep.shop.markdown`."""

from shopkeep.shop.markdown import markdown_to_html, markdown_to_text

__all__ = ["markdown_to_html", "markdown_to_text"]
