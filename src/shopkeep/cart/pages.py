"""Cart pages rendered by the cart views (the cart itself, and plain messages about what went wrong)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_lines, cart_totals
from shopkeep.catalog.models import Product
from shopkeep.conf import conf


@dataclass(frozen=True)
class CartRow:
    line: object
    priced: object

    @property
    def product(self) -> Product:
        return self.line.variant.product


def cart_page(
    request: HttpRequest,
    *,
    cart: Cart | None,
    error: str = "",
    error_line: int | None = None,
    added_sku: str = "",
    status: int = 200,
    cookies_blocked_url: str = "",
) -> HttpResponse:
    """Render the cart page, optionally with an error about the whole cart or one line."""
    rows, totals = [], None
    if cart is not None:
        lines = cart_lines(cart=cart)
        totals = cart_totals(cart=cart, lines=lines)
        rows = [CartRow(line=line, priced=priced) for line, priced in zip(lines, totals.lines)]
    context = {
        "cart": cart,
        "rows": rows,
        "totals": totals,
        "added": next((row for row in rows if added_sku and row.line.variant.sku == added_sku), None),
        "error": error,
        "error_line": error_line,
        "max_quantity": conf.max_line_quantity,
        "cookies_blocked_url": cookies_blocked_url,
    }
    return render(request, "cart/detail.html", context, status=status)


def message_page(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    """A plain page telling the customer what went wrong and where to go next."""
    return render(request, "storefront/message.html", {"title": title, "message": message}, status=status)
