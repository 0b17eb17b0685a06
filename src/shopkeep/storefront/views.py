"""Storefront pages that belong to no single domain: the home page."""

from django.shortcuts import render

from shopkeep.catalog.selectors import product_list


def home(request):
    products = list(product_list(sort="new")[:8])
    return render(request, "storefront/home.html", {"products": products})
