"""The one catalogue-changed hook: every write to the catalogue reaches `catalog_changed`.

Services send it after their writes (also after bulk updates that bypass model signals, such as stock
reservations), and every save or delete of a catalogue model sends it through post_save/post_delete, so a
change made from `shopkeep shell` or a data migration is seen too. Caches of catalogue pages listen to it.
Receivers get `product_ids` (a frozenset, or None when the change may touch any product) and `variant_ids`.
Cached search results (catalog/search.py) are keyed by the search version this hook moves on.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from shopkeep.catalog.models import (
    CATEGORY_NAV_CACHE_KEY, Category, Product, ProductDocument, ProductPicture, Variant,
)
from shopkeep.catalog.search_index import search_version_bump

catalog_changed = Signal()
CATALOG_MODELS = (Category, Product, Variant, ProductDocument, ProductPicture)


def catalog_changed_send(*, sender, product_ids=None, variant_ids=None) -> None:
    """Tell every listener that the catalogue changed (now, and again once the transaction commits)."""
    product_ids = frozenset(product_ids) if product_ids is not None else None
    variant_ids = frozenset(variant_ids or ())

    def send() -> None:
        catalog_changed.send(sender=sender, product_ids=product_ids, variant_ids=variant_ids)

    # Now, and again after commit, so a request racing the transaction cannot keep a stale copy.
    send()
    transaction.on_commit(send)


def _product_ids_of(instance) -> frozenset[int] | None:
    if isinstance(instance, Product):
        return frozenset({instance.pk})
    product_id = getattr(instance, "product_id", None)
    return frozenset({product_id}) if product_id else None


def product_picture_refresh(*, product_id: int) -> None:
    """Point the product at its first picture (or at none, so the drawn picture is shown)."""
    first = ProductPicture.objects.filter(product_id=product_id).order_by("position", "id").first()
    token = first.token if first else ""
    for product in Product.objects.filter(pk=product_id).exclude(picture=token):
        product.picture = token
        product.save(update_fields=["picture", "updated_at"])


def _model_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, ProductPicture):
        product_picture_refresh(product_id=instance.product_id)
    variant_ids = {instance.pk} if isinstance(instance, Variant) and instance.pk else set()
    catalog_changed_send(sender=sender, product_ids=_product_ids_of(instance), variant_ids=variant_ids)


def models_connect() -> None:
    """Send catalog_changed on every save and delete of a catalogue model (called from the app's ready())."""
    for model in CATALOG_MODELS:
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"catalog-changed-save-{model.__name__}")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"catalog-changed-delete-{model.__name__}")


@receiver(catalog_changed, dispatch_uid="catalog-category-nav")
def _forget_category_nav(sender, **kwargs) -> None:
    if sender is Category or kwargs.get("product_ids") is None:
        cache.delete(CATEGORY_NAV_CACHE_KEY)


@receiver(catalog_changed, dispatch_uid="catalog-search-version")
def _search_version_bump(sender, **kwargs) -> None:
    # Sent at once and again after commit: a search cached by another process while the change was not yet
    # committed sits under the version the second bump leaves behind.
    search_version_bump()
