"""Storefront pages that belong to no single domain: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from shopkeep.catalog.selectors import catalogue_showcase
from shopkeep.http import cacheable_page

NEW_PRODUCTS = 8


@cacheable_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    products, categories = catalogue_showcase(newest=NEW_PRODUCTS)
    context = {"products": products, "categories": categories, "hero_products": [c.cover for c in categories[:4]]}
    return render(request, "storefront/home.html", context)
