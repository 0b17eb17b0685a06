"""The product page, rendered by the catalogue view and again by the cart view with an add-to-cart error."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shopkeep.catalog.models import Product, Variant
from shopkeep.catalog.selectors import product_documents
from shopkeep.conf import conf

LOW_STOCK = 3


# Who may suggest a size on the product page: callables `(user, product) -> size or ""`, registered by the
# apps that hold a customer's consented size facts (customers, P-02); the catalogue knows nothing of them.
SIZE_SUGGESTERS: list = []


def size_suggester_register(suggester) -> None:
    """Register a callable `(user, product) -> str` naming the size to suggest ("" for none)."""
    SIZE_SUGGESTERS.append(suggester)


def size_suggested(user, product: Product) -> str:
    for suggester in SIZE_SUGGESTERS:
        size = suggester(user, product)
        if size:
            return size
    return ""


@dataclass(frozen=True)
class SizeOption:
    variant: Variant
    checked: bool
    suggested: bool = False

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
    suggestion = size_suggested(request.user, product) if getattr(request, "user", None) else ""
    context = {
        "product": product,
        # Only a product with an uploaded picture asks for its pictures (one query fewer for the drawn ones).
        "pictures": list(product.pictures.all()) if product.picture else [],
        "documents": product_documents(product),
        "current_category": product.category.slug,
        "variants": variants,
        "options": [SizeOption(variant=v, checked=v.sku == chosen_sku and v.stock > 0,
                               suggested=bool(suggestion) and v.size == suggestion) for v in variants],
        "size_suggestion": suggestion,
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
