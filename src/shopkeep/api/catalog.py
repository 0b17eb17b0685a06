"""Products: the catalogue as the storefront shows it (active products only)."""

from typing import Annotated, Literal

from django.db.models import prefetch_related_objects
from django.urls import reverse
from ninja import Path, Query, Router

from shopkeep.api.errors import ApiError, declare
from shopkeep.api.schemas import ProductOut, ProductPage, UrlText
from shopkeep.catalog.models import Category, Product
from shopkeep.catalog.pictures import product_image_path
from shopkeep.catalog.search import SORTS, product_search
from shopkeep.catalog.selectors import product_detail
from shopkeep.conf import conf

router = Router(tags=["catalogue"])

Sort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


def product_out(product: Product) -> dict:
    """The API shape of a product whose variants are already loaded."""
    return {
        "slug": product.slug,
        "name": product.name,
        "category": product.category.slug,
        "description": product.description,
        "url": conf.absolute_url(reverse("catalog:product", args=[product.slug])),
        "image_url": conf.absolute_url(product_image_path(product)),
        "variants": [
            {
                "sku": variant.sku,
                "size": variant.size,
                "price": f"{variant.unit_price.amount:.2f}",
                "currency": variant.currency,
                "in_stock": variant.in_stock,
            }
            for variant in product.variants.all()
        ],
    }


@router.get("/products", response=declare({200: ProductPage}, 404, 422), summary="List products")
def products_list(
    request,
    q: Annotated[UrlText, Query("", max_length=200, description="Words to find in name, description or category.")],
    category: Annotated[UrlText | None, Query(None, max_length=50, description="A category slug.")],
    sort: Annotated[Sort | None, Query(None, description="relevance (best match; the default with q), name (the "
                                       "default without q), price (low to high), -price (high to low), new")],
    page: Annotated[int, Query(1, ge=1, le=1_000_000)],
    page_size: Annotated[int, Query(24, ge=1, le=100)],
):
    """Active products, searched, filtered by category and sorted, one page at a time.
    404 for an unknown category or a page past the last one."""
    category_row = None
    if category is not None:
        category_row = Category.objects.filter(slug=category).first()
        if category_row is None:
            raise ApiError(404, f"There is no category {category!r}.", errors={"category": "Unknown category."})
    result = product_search(q, category=category_row, sort=sort or "", page=page, page_size=page_size,
                            with_facets=False)
    paginator = result.page.paginator
    if page > paginator.num_pages:
        raise ApiError(404, f"There is no page {page}; the last page is {paginator.num_pages}.",
                       errors={"page": f"Must be at most {paginator.num_pages}."})
    results = result.page.object_list
    prefetch_related_objects(results, "variants")
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": page_size,
        "results": [product_out(product) for product in results],
    }


@router.get("/products/{slug}", response=declare({200: ProductOut}, 404, 422), summary="Show a product")
def products_detail(request, slug: Annotated[UrlText, Path(max_length=220)]):
    """One active product with its variants; 404 if unknown or no longer sold."""
    try:
        product = product_detail(slug=slug)
    except Product.DoesNotExist:
        raise ApiError(404, f"There is no product {slug!r}.") from None
    return product_out(product)

