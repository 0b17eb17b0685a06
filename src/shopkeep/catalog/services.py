"""Catalogue writes: stock (every change an atomic conditional update, never below zero), products and categories.

Every write reaches the one catalogue-changed hook (`catalog.signals.catalog_changed`).
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify

from shopkeep.catalog.errors import CatalogError, OutOfStock
from shopkeep.catalog.models import Category, Product, StockMovement, Variant
from shopkeep.catalog.pictures import picture_files_delete
from shopkeep.catalog.signals import catalog_changed_send


def _in_lock_order(variant_ids) -> list[int]:
    """The variants by product, then id: the order every multi-product stock change locks rows in (each
    variant's row, then its product's search row, catalog/search_index.py), so two never wait on each other."""
    products = dict(Variant.objects.filter(pk__in=list(variant_ids)).values_list("pk", "product_id"))
    return sorted(variant_ids, key=lambda variant_id: (products.get(variant_id, 0), variant_id))


def stock_reserve(*, quantities: dict[int, int]) -> None:
    """Take `quantities` ({variant id: quantity}) out of stock, all or nothing."""
    with transaction.atomic():
        for variant_id in _in_lock_order(quantities):
            quantity = quantities[variant_id]
            taken = Variant.objects.filter(pk=variant_id, stock__gte=quantity).update(stock=F("stock") - quantity)
            if not taken:
                raise OutOfStock(Variant.objects.select_related("product").get(pk=variant_id), quantity)
        catalog_changed_send(sender=Variant, product_ids=_products_of(quantities), variant_ids=quantities)


def stock_release(*, quantities: dict[int, int]) -> None:
    """Put `quantities` back into stock (a cancelled or failed order)."""
    with transaction.atomic():
        for variant_id in _in_lock_order(quantities):
            Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])
        catalog_changed_send(sender=Variant, product_ids=_products_of(quantities), variant_ids=quantities)


def _products_of(variant_ids) -> set[int]:
    return set(Variant.objects.filter(pk__in=list(variant_ids)).values_list("product_id", flat=True))


class StockRefused(CatalogError):
    """A stock adjustment that would take more units out than there are."""


def stock_adjust(*, variant: Variant, change: int, reason: str, note: str = "", by=None) -> StockMovement:
    """Add (or, when negative, take out) `change` units of `variant` and keep the movement with its reason."""
    if reason not in StockMovement.Reason.values:
        raise CatalogError(f"Unknown stock reason {reason!r}; choose one of {', '.join(StockMovement.Reason.values)}.")
    if change == 0:
        raise StockRefused("Enter a number of units other than 0.")
    with transaction.atomic():
        changed = Variant.objects.filter(pk=variant.pk, stock__gte=max(0, -change)).update(stock=F("stock") + change)
        current = Variant.objects.only("stock").get(pk=variant.pk).stock
        if not changed:
            raise StockRefused(f"Only {current} of {variant.sku} in stock: you cannot take out {-change}.")
        variant.stock = current
        movement = StockMovement.objects.create(variant=variant, sku=variant.sku, change=change, stock_after=current,
                                                reason=reason, note=note.strip()[:200], by=by)
        catalog_changed_send(sender=Variant, product_ids={variant.product_id}, variant_ids={variant.pk})
    return movement


def slug_for(*, name: str, model, exclude_pk=None) -> str:
    """A free URL slug made from `name` (a number is added when it is taken)."""
    base = slugify(name)[:200] or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def product_publish(*, product: Product, active: bool) -> None:
    """Show (`active`) or hide the product in the shop."""
    product.is_active = active
    product.save(update_fields=["is_active", "updated_at"])


def product_delete(*, product: Product) -> None:
    """Delete the product with its sizes, pictures and documents (their files too)."""
    with transaction.atomic():
        pictures = list(product.pictures.all())
        documents = list(product.documents.all())
        product.delete()
    for picture in pictures:
        picture_files_delete(picture=picture)
    for document in documents:
        document.file.delete(save=False)


def variant_position_next(*, product: Product) -> int:
    return (product.variants.aggregate(top=Max("position"))["top"] or 0) + 1


def category_move(*, category: Category, up: bool) -> None:
    """Swap the category with its neighbour above (`up`) or below in the shop's order."""
    with transaction.atomic():
        ordered = list(Category.objects.select_for_update().order_by("position", "name", "id"))
        index = next(i for i, c in enumerate(ordered) if c.pk == category.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def category_delete(*, category: Category) -> None:
    """Delete an empty category; one that still holds products is refused."""
    count = category.products.count()
    if count:
        raise CatalogError(f"“{category.name}” still holds {count} product(s). Move or delete them first.")
    category.delete()
