"""Storefront pages that belong to no single domain: the home page."""

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopkeep.catalog.models import Category, Product
from shopkeep.catalog.selectors import product_list
from shopkeep.http import cacheable_page

NEW_PRODUCTS = 8


def _categories_with_cover() -> list[Category]:
    """Categories, each with the product whose picture stands for it (None when it is empty)."""
    first = Product.objects.filter(category=OuterRef("pk"), is_active=True).order_by("name", "id")
    categories = list(Category.objects.annotate(cover_id=Subquery(first.values("pk")[:1])))
    covers = Product.objects.only("slug", "name", "updated_at", "picture").in_bulk(
        [c.cover_id for c in categories if c.cover_id]
    )
    for category in categories:
        category.cover = covers.get(category.cover_id)
    return [c for c in categories if c.cover is not None]


@cacheable_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    products = list(product_list(sort="new")[:NEW_PRODUCTS])
    categories = _categories_with_cover()
    context = {"products": products, "categories": categories, "hero_products": [c.cover for c in categories[:4]]}
    return render(request, "storefront/home.html", context)
