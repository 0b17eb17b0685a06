"""Writes of pricing shop data: the defaults, and the owner's edits of zones, methods and VAT rates with history."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Model

from shopkeep.pricing.defaults import defaults_ensure
from shopkeep.pricing.models import PricingChange, ShippingMethod, ShippingZone, VatRate

KINDS = {ShippingZone: "shipping zone", ShippingMethod: "shipping method", VatRate: "VAT rate"}
FIELDS = {
    ShippingZone: ("name", "countries", "position"),
    ShippingMethod: ("code", "name", "zone", "kind", "price", "free_over", "delivery", "is_active", "position"),
    VatRate: ("country", "tax_class", "rate"),
}


def pricing_defaults_ensure() -> None:
    """Add the default shipping zones, methods and VAT rates that are missing (the demo shop's data)."""
    defaults_ensure(zone_model=ShippingZone, method_model=ShippingMethod, rate_model=VatRate)


def pricing_defaults_after_flush(sender, **kwargs) -> None:
    """After `flush` emptied every table, put the default zones, methods and rates back, as a fresh database has them.

    A signal, like contenttypes uses, because `flush` (also how transactional tests reset the database) re-runs
    no migration. `migrate` sends the same signal with its `plan`; then nothing happens, so rows the shop deleted
    stay deleted.
    """
    if "plan" not in kwargs:
        pricing_defaults_ensure()


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def _snapshot(instance: Model) -> dict:
    return {name: _plain(getattr(instance, name)) for name in FIELDS[type(instance)]}


def shop_data_save(*, instance: Model, by) -> PricingChange:
    """Save a zone, method or VAT rate (already validated) and keep the change in the history."""
    model = type(instance)
    with transaction.atomic():
        old = model.objects.select_for_update().filter(pk=instance.pk).first() if instance.pk else None
        before = _snapshot(old) if old is not None else {}
        instance.save()
        after = _snapshot(instance)
        return PricingChange.objects.create(
            kind=KINDS[model], label=str(instance)[:200], changed_by=by, before=before, after=after,
            action=PricingChange.Action.CHANGED if old is not None else PricingChange.Action.CREATED)


def shop_data_delete(*, instance: Model, by) -> PricingChange:
    """Delete a zone (with its methods), method or VAT rate and keep it in the history."""
    with transaction.atomic():
        for method in (instance.methods.all() if isinstance(instance, ShippingZone) else ()):
            shop_data_delete(instance=method, by=by)
        change = PricingChange.objects.create(kind=KINDS[type(instance)], label=str(instance)[:200], changed_by=by,
                                              before=_snapshot(instance), after={},
                                              action=PricingChange.Action.DELETED)
        instance.delete()
    return change


def pricing_history(*, limit: int = 100) -> list[PricingChange]:
    """The latest changes of shipping and VAT settings, newest first, with who made them."""
    return list(PricingChange.objects.select_related("changed_by")[:limit])
