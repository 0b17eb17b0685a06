"""Catalogue pages: category listings, product pages, product pictures and documents, and search."""

from django.core.files.storage import default_storage
from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from shopkeep.catalog.images import DRAWING_VERSION, image_version, product_svg
from shopkeep.catalog.models import Category, Product, ProductDocument, ProductPicture
from shopkeep.catalog.pages import product_page
from shopkeep.catalog.search import SORTS, FacetChoice, product_search
from shopkeep.catalog.selectors import category_by_slug, product_detail
from shopkeep.http import cacheable_page

MAX_QUERY_LENGTH = 100
SORT_CHOICES = [(key, label) for key, (_, label) in SORTS.items()]
LISTING_SORT_CHOICES = [(key, label) for key, label in SORT_CHOICES if key != "relevance"]


def _page_numbers(page: Page | None) -> list:
    if page is None:
        return []
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@cacheable_page
@require_safe
def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        category = category_by_slug(slug)
    except Category.DoesNotExist:
        raise Http404("There is no such category.") from None
    # get_page (inside product_search) turns a missing, non-numeric or out-of-range page into the nearest one.
    result = product_search(category=category, facets=FacetChoice.from_query(request.GET),
                            sort=request.GET.get("sort", "name"), page=request.GET.get("page"))
    context = {
        "category": category,
        "current_category": category.slug,
        "result": result,
        "page": result.page,
        "page_numbers": _page_numbers(result.page),
        "sort": result.sort,
        "sort_choices": LISTING_SORT_CHOICES,
    }
    return render(request, "catalog/category.html", context)


@cacheable_page
@require_safe
def product(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = product_detail(slug=slug)
    except Product.DoesNotExist:
        raise Http404("There is no such product.") from None
    return product_page(request, product=found)


@cacheable_page
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    result = None
    if query:
        result = product_search(query, facets=FacetChoice.from_query(request.GET),
                                sort=request.GET.get("sort", ""), page=request.GET.get("page"))
    page = result.page if result else None
    context = {
        "query": query,
        "result": result,
        "page": page,
        "page_numbers": _page_numbers(page),
        "sort": result.sort if result else "relevance",
        "sort_choices": SORT_CHOICES,
    }
    return render(request, "catalog/search.html", context)


@require_safe
def product_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The product's generated picture; a versioned URL (?v=<updated_at>) may be cached for a year."""
    product = get_object_or_404(
        Product.objects.only("name", "kind", "colour", "accent", "updated_at"), slug=slug, is_active=True
    )
    version = image_version(product.updated_at)
    etag = f'"{version}-{DRAWING_VERSION}"'
    last_modified = product.updated_at.timestamp()
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        svg = product_svg(name=product.name, kind=product.kind, colour=product.colour, accent=product.accent)
        response = HttpResponse(svg, content_type="image/svg+xml")
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    if request.GET.get("v") == version:
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


@require_safe
def product_document(request: HttpRequest, slug: str, pk: int, filename: str) -> HttpResponse:
    """A product's PDF, downloaded under its safe name and never sniffed as anything else (P-42)."""
    document = get_object_or_404(ProductDocument.objects.select_related("product"), pk=pk, product__slug=slug,
                                 product__is_active=True)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("This document is no longer available.") from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=document.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def product_picture(request: HttpRequest, slug: str, token: str, width: int) -> HttpResponse:
    """An uploaded product picture in one of its stored widths; its address never changes content, so it is immutable."""
    picture = get_object_or_404(ProductPicture, token=token, product__slug=slug, product__is_active=True)
    if width not in (picture.sizes or ()):
        raise Http404("There is no such picture size.")
    try:
        handle = default_storage.open(picture.storage_name(width), "rb")
    except FileNotFoundError:
        raise Http404("This picture is no longer available.") from None
    response = FileResponse(handle, content_type="image/webp")
    response.headers["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response
