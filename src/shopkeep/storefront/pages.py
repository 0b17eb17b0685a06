"""Page renderers shared by several apps' views (e.g. a product page re-rendered with an add-to-cart error)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_lines, cart_totals
from shopkeep.catalog.models import Product, Variant
from shopkeep.conf import conf

LOW_STOCK = 3


@dataclass(frozen=True)
class SizeOption:
    variant: Variant
    checked: bool

    @property
    def sold_out(self) -> bool:
        return self.variant.stock <= 0

    @property
    def low_stock(self) -> bool:
        return 0 < self.variant.stock <= LOW_STOCK


def product_page(
    request: HttpRequest,
    *,
    product: Product,
    error: str = "",
    chosen_sku: str = "",
    quantity: str = "1",
    status: int = 200,
) -> HttpResponse:
    """Render the product page (product loaded by catalog.selectors.product_detail)."""
    variants = list(product.variants.all())
    prices = {v.price for v in variants}
    context = {
        "product": product,
        "current_category": product.category.slug,
        "variants": variants,
        "options": [SizeOption(variant=v, checked=v.sku == chosen_sku and v.stock > 0) for v in variants],
        "has_sizes": len(variants) > 1 or any(v.size for v in variants),
        "sold_out": not any(v.stock > 0 for v in variants),
        "single": variants[0] if len(variants) == 1 else None,
        "price": min((v.unit_price for v in variants), key=lambda m: m.amount, default=None),
        "prices_vary": len(prices) > 1,
        "low_stock_limit": LOW_STOCK,
        "error": error,
        "quantity": quantity,
        "max_quantity": conf.max_line_quantity,
    }
    return render(request, "catalog/product.html", context, status=status)


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
    }
    return render(request, "cart/detail.html", context, status=status)


def message_page(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    """A plain page telling the customer what went wrong and where to go next."""
    return render(request, "storefront/message.html", {"title": title, "message": message}, status=status)
