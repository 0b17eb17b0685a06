"""Back-office screens for the catalogue: products and sizes, pictures, categories, stock and CSV (owner;
stock also fulfilment). Every write goes through catalog services or model saves, so the shop sees it at once."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.backoffice.catalog_forms import (
    CategoryForm, ImportForm, PictureForm, ProductForm, StockForm, variant_formset,
)
from shopkeep.catalog.errors import CatalogError, PictureRefused
from shopkeep.catalog.models import Category, Product, ProductPicture, StockMovement, Variant
from shopkeep.catalog.pictures import product_picture_add, product_picture_delete, product_picture_first
from shopkeep.catalog.services import (
    category_delete, category_move, product_delete, product_publish, slug_for, stock_adjust,
)
from shopkeep.catalog.transfer import catalog_export, catalog_import
from shopkeep.conf import conf
from shopkeep.privacy.roles import Role, role_required

LOW_STOCK = 3


@require_GET
@role_required(Role.OWNER)
def product_list(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    status = request.GET.get("status", "")
    products = Product.objects.select_related("category").annotate(total_stock=Sum("variants__stock"))
    if query:
        products = products.filter(Q(name__icontains=query) | Q(slug__icontains=query)
                                   | Q(variants__sku__icontains=query)).distinct()
    if status in ("published", "hidden"):
        products = products.filter(is_active=status == "published")
    category = request.GET.get("category", "")
    if category:
        products = products.filter(category__slug=category)
    return render(request, "backoffice/catalog/products.html", {
        "products": products.order_by("category__position", "name")[:300], "query": query, "status": status,
        "category": category, "categories": Category.objects.all(), "low_stock": LOW_STOCK,
    })


def _product_save(request, form, formset) -> Product:
    """Save the product and its sizes; stock moves only through stock_adjust (conditional update + movement)."""
    with transaction.atomic():
        product = form.save(commit=False)
        product.slug = form.cleaned_data["slug"] or slug_for(name=product.name, model=Product, exclude_pk=product.pk)
        product.save()
        formset.instance = product
        formset.save(commit=False)
        for variant in formset.deleted_objects:
            variant.delete()
        stock_changes = []
        for variant_form in formset.forms:
            variant = variant_form.instance
            if variant_form in formset.deleted_forms or not (variant.pk or variant_form.has_changed()):
                continue
            variant.product, variant.currency = product, conf.currency
            variant.position = variant.position if variant.position is not None else 0
            is_new = variant.pk is None
            # The change is counted from the stock the page showed, so a sale meanwhile is not undone.
            shown = 0 if is_new else variant_form.cleaned_data["stock_shown"]
            if is_new:
                variant.stock = 0
                variant.save()
            else:
                variant.save(update_fields=["size", "sku", "price", "position", "currency"])
            stock_changes.append((variant, variant_form.cleaned_data["stock"] - shown, is_new))
        for variant, change, is_new in stock_changes:
            if change:
                stock_adjust(variant=variant, change=change, by=request.user, note="set on the product page",
                             reason=StockMovement.Reason.INITIAL if is_new else StockMovement.Reason.COUNT)
    return product


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def product_edit(request, pk: int | None = None):
    product = get_object_or_404(Product, pk=pk) if pk else None
    form = ProductForm(request.POST or None, instance=product,
                       initial={"category": Category.objects.first()} if product is None else None)
    formset = variant_formset(extra=2 if product is None else 1)(request.POST or None, instance=product or Product(),
                                                                  prefix="sizes")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = _product_save(request, form, formset)
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            state = "published in the shop" if saved.is_active else "saved (hidden from the shop)"
            messages.success(request, f"“{saved.name}” is {state}.")
            return redirect("backoffice_catalog:product_edit", pk=saved.pk)
    return render(request, "backoffice/catalog/product_edit.html", {
        "product": product, "form": form, "formset": formset,
        "pictures": list(product.pictures.all()) if product else [],
        "picture_form": PictureForm(), "picture_max_mb": conf.picture_max_bytes // (1024 * 1024),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@role_required(Role.OWNER)
def product_publish_view(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    active = request.POST.get("active") == "1"
    product_publish(product=product, active=active)
    messages.success(request, f"“{product.name}” is {'published' if active else 'hidden from the shop'}.")
    return redirect("backoffice_catalog:product_edit", pk=product.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def product_delete_view(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    if request.method == "POST":
        name = product.name
        product_delete(product=product)
        messages.success(request, f"“{name}” is deleted. Orders that contain it keep their lines.")
        return redirect("backoffice_catalog:products")
    return render(request, "backoffice/catalog/product_delete.html", {
        "product": product, "variant_count": product.variants.count(),
    })


@require_POST
@role_required(Role.OWNER)
def picture_add(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    form = PictureForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_picture_add(product=product, upload=form.cleaned_data["picture"], alt=form.cleaned_data["alt"])
        except PictureRefused as error:
            messages.error(request, f"The picture was not added: {error}")
        else:
            messages.success(request, f"The picture is added to “{product.name}”.")
    else:
        messages.error(request, "Choose a picture file to upload.")
    return redirect("backoffice_catalog:product_edit", pk=product.pk)


@require_POST
@role_required(Role.OWNER)
def picture_action(request, pk: int, picture_pk: int):
    picture = get_object_or_404(ProductPicture, pk=picture_pk, product_id=pk)
    if request.POST.get("action") == "first":
        product_picture_first(picture=picture)
        messages.success(request, "That picture is now the main one.")
    else:
        product_picture_delete(picture=picture)
        messages.success(request, "The picture is removed.")
    return redirect("backoffice_catalog:product_edit", pk=pk)


@require_GET
@role_required(Role.FULFILMENT)
def stock(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    variants = Variant.objects.select_related("product").order_by("stock", "product__name", "position")
    if query:
        variants = variants.filter(Q(sku__icontains=query) | Q(product__name__icontains=query))
    else:
        variants = variants.filter(stock__lte=LOW_STOCK)
    return render(request, "backoffice/catalog/stock.html", {
        "variants": variants[:200], "query": query, "low_stock": LOW_STOCK,
        "movements": StockMovement.objects.select_related("variant__product")[:30],
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.FULFILMENT)
def stock_variant(request, pk: int):
    variant = get_object_or_404(Variant.objects.select_related("product"), pk=pk)
    form = StockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            movement = stock_adjust(variant=variant, change=form.cleaned_data["change"],
                                    reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
                                    by=request.user)
        except CatalogError as error:
            form.add_error("change", str(error))
        else:
            messages.success(request, f"{variant.sku}: {movement.change:+d}, now {movement.stock_after} in stock.")
            return redirect("backoffice_catalog:stock_variant", pk=variant.pk)
    return render(request, "backoffice/catalog/stock_variant.html", {
        "variant": variant, "form": form, "movements": variant.movements.all()[:100],
    }, status=400 if request.method == "POST" else 200)


@require_GET
@role_required(Role.OWNER)
def category_list(request):
    categories = Category.objects.annotate(product_count=Count("products"))
    return render(request, "backoffice/catalog/categories.html", {"categories": categories})


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def category_edit(request, pk: int | None = None):
    category = get_object_or_404(Category, pk=pk) if pk else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.slug = form.cleaned_data["slug"] or slug_for(name=saved.name, model=Category, exclude_pk=saved.pk)
        if saved.pk is None:
            saved.position = Category.objects.count()
        saved.save()
        messages.success(request, f"The category “{saved.name}” is saved.")
        return redirect("backoffice_catalog:categories")
    return render(request, "backoffice/catalog/category_edit.html", {"form": form, "category": category},
                  status=400 if request.method == "POST" else 200)


@require_POST
@role_required(Role.OWNER)
def category_action(request, pk: int):
    category = get_object_or_404(Category, pk=pk)
    action = request.POST.get("action")
    if action in ("up", "down"):
        category_move(category=category, up=action == "up")
    elif action == "delete":
        try:
            category_delete(category=category)
        except CatalogError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"The category “{category.name}” is deleted.")
    return redirect("backoffice_catalog:categories")


@require_GET
@role_required(Role.OWNER)
def export_csv(request):
    response = HttpResponse(catalog_export(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{timezone.now():%Y-%m-%d}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.OWNER)
def import_csv(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = catalog_import(text=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"],
                                by=request.user)
        if report.applied:
            messages.success(request, f"Imported {report.rows} line(s): the shop shows the changes now.")
    return render(request, "backoffice/catalog/import.html", {"form": form, "report": report},
                  status=400 if (report and report.errors) or form.errors else 200)
