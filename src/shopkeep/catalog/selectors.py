"""Catalogue reads used by the storefront and the API."""

from django.core.cache import cache
from django.db.models import Max, Min, QuerySet, Sum

from shopkeep.catalog.models import CATEGORY_NAV_CACHE_KEY, Category, Product, Variant

SORTS = {
    "name": ("name", "Name A–Z"),
    "price": ("min_price", "Price: low to high"),
    "-price": ("-min_price", "Price: high to low"),
    "new": ("-created_at", "Newest"),
}


def product_list(*, category=None, sort: str = "name") -> QuerySet[Product]:
    """Active products with their lowest and highest price and total stock, filtered and sorted.
    (Searching, facets and the listing pages use catalog.search.product_search.)"""
    products = Product.objects.filter(is_active=True).select_related("category")
    if category is not None:
        products = products.filter(category=category)
    products = products.annotate(
        min_price=Min("variants__price"), max_price=Max("variants__price"), total_stock=Sum("variants__stock")
    )
    order = SORTS.get(sort, SORTS["name"])[0]
    return products.order_by(order, "id")


def product_detail(*, slug: str) -> Product:
    """The product with its variants and documents, or Product.DoesNotExist."""
    return Product.objects.select_related("category").prefetch_related("variants", "documents").get(
        slug=slug, is_active=True)


def category_nav() -> list[dict]:
    """Name and slug of every category, for menus (cached; a saved or deleted category clears it)."""
    categories = cache.get(CATEGORY_NAV_CACHE_KEY)
    if categories is None:
        categories = list(Category.objects.values("name", "slug"))
        cache.set(CATEGORY_NAV_CACHE_KEY, categories, 300)
    return categories


def variants_for_sale() -> QuerySet[Variant]:
    """Every variant of an active product, by product name then size (for staff pickers such as phone orders)."""
    return (Variant.objects.filter(product__is_active=True).select_related("product")
            .order_by("product__name", "position", "id"))
