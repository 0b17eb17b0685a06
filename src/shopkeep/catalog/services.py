"""Stock changes. Every change is an atomic conditional update, so stock never goes below zero."""

from django.db import transaction
from django.db.models import F

from shopkeep.catalog.errors import OutOfStock
from shopkeep.catalog.models import Variant


def stock_reserve(*, quantities: dict[int, int]) -> None:
    """Take `quantities` ({variant id: quantity}) out of stock, all or nothing."""
    with transaction.atomic():
        for variant_id in sorted(quantities):
            quantity = quantities[variant_id]
            taken = Variant.objects.filter(pk=variant_id, stock__gte=quantity).update(stock=F("stock") - quantity)
            if not taken:
                raise OutOfStock(Variant.objects.select_related("product").get(pk=variant_id), quantity)


def stock_release(*, quantities: dict[int, int]) -> None:
    """Put `quantities` back into stock (a cancelled or failed order)."""
    with transaction.atomic():
        for variant_id in sorted(quantities):
            Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])
