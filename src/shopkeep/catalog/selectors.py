"""Catalogue reads used by the storefront and the API."""

import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, Min, OuterRef, QuerySet, Subquery, Sum

from shopkeep.catalog.models import CATEGORY_NAV_CACHE_KEY, Category, Product, ProductDocument, Variant
from shopkeep.catalog.search import CACHE_SECONDS, products_for_tiles
from shopkeep.catalog.search_index import search_version

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


def catalogue_showcase(*, newest: int) -> tuple[list[Product], list[Category]]:
    """The `newest` active products, ready for tiles (category, min_price, max_price, total_stock), and every
    category with an active product, each with its first one by name as `cover` (the home page).

    Two queries, cached under the catalogue's version (search_index.search_version), which every write to a
    product, variant or category moves on; the time limit bounds what a read racing a commit may keep."""
    key = f"catalog:showcase:{connection.vendor}:{search_version()}:{newest}"
    return cache.get_or_set(key, lambda: (_newest(newest), _categories_with_cover()), CACHE_SECONDS)


def _newest(count: int) -> list[Product]:
    ids = Product.objects.filter(is_active=True).order_by("-created_at", "id").values("id")[:count]
    return list(products_for_tiles(Product.objects.filter(id__in=ids)).order_by("-created_at", "id"))


def _categories_with_cover() -> list[Category]:
    first = Product.objects.filter(category=OuterRef("pk"), is_active=True).order_by("name", "id").values("pk")[:1]
    covers = (Product.objects.filter(pk__in=Category.objects.annotate(cover_id=Subquery(first)).values("cover_id"))
              .select_related("category").order_by("category__position", "category__name", "category_id"))
    categories = []
    for cover in covers:
        category = cover.category
        category.cover = cover
        categories.append(category)
    return categories


def category_by_slug(slug: str) -> Category:
    """The category with this slug, or Category.DoesNotExist; cached under the catalogue's version."""
    key = f"catalog:category:{connection.vendor}:{search_version()}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    return cache.get_or_set(key, lambda: Category.objects.get(slug=slug), CACHE_SECONDS)


def product_detail(*, slug: str) -> Product:
    """The active product with its category and variants (its documents load when asked), or
    Product.DoesNotExist. Cached under the catalogue's version (search_index.search_version), which moves on with
    every change to a product, variant or category; the time limit bounds what a read racing a commit may keep."""
    key = f"catalog:product:{connection.vendor}:{search_version()}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
    return cache.get_or_set(key, lambda: Product.objects.select_related("category").prefetch_related("variants").get(
        slug=slug, is_active=True), CACHE_SECONDS)


def product_documents(product: Product) -> list[ProductDocument]:
    """The product's documents, in order; for a product without any (most), one probe instead of a model query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {ProductDocument._meta.db_table} WHERE product_id = %s LIMIT 1", [product.pk])
        if cursor.fetchone() is None:
            return []
    return list(product.documents.all())


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
