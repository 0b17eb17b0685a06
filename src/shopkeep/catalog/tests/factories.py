"""Plain factory functions for catalogue rows. Every argument has a sensible default."""

import itertools
from decimal import Decimal

from shopkeep.catalog.models import Category, Product, TaxClass, Variant

_sequence = itertools.count(1)


def category_create(*, name: str | None = None, slug: str | None = None, position: int = 0) -> Category:
    """Create a category."""
    n = next(_sequence)
    name = name or f"Category {n}"
    return Category.objects.create(name=name, slug=slug or f"category-{n}", position=position)


def product_create(
    *,
    name: str | None = None,
    slug: str | None = None,
    category: Category | None = None,
    kind: str = Product.Kind.SOCKS,
    description: str = "A very comfortable product.",
    is_active: bool = True,
    tax_class: str = TaxClass.STANDARD,
) -> Product:
    """Create a product (without variants)."""
    n = next(_sequence)
    name = name or f"Product {n}"
    return Product.objects.create(
        name=name,
        slug=slug or f"product-{n}",
        category=category or category_create(),
        kind=kind,
        description=description,
        is_active=is_active,
        tax_class=tax_class,
    )


def variant_create(
    *,
    product: Product | None = None,
    sku: str | None = None,
    size: str = "",
    price: Decimal | str = "10.00",
    currency: str = "EUR",
    stock: int = 10,
    position: int = 0,
) -> Variant:
    """Create a variant (a size of a product) with a price and stock."""
    n = next(_sequence)
    return Variant.objects.create(
        product=product or product_create(),
        sku=sku or f"SKU-{n}",
        size=size,
        price=Decimal(price),
        currency=currency,
        stock=stock,
        position=position,
    )


def product_with_sizes(
    *,
    name: str | None = None,
    slug: str | None = None,
    category: Category | None = None,
    sizes: dict[str, int] | None = None,
    price: Decimal | str = "12.50",
    kind: str = Product.Kind.SOCKS,
) -> Product:
    """Create a product with one variant per size ({size: stock})."""
    product = product_create(name=name, slug=slug, category=category, kind=kind)
    sizes = sizes if sizes is not None else {"S": 5, "M": 5, "L": 5}
    for position, (size, stock) in enumerate(sizes.items()):
        variant_create(
            product=product, sku=f"{product.slug}-{size}".upper(), size=size, price=price, stock=stock,
            position=position,
        )
    return product
