"""Writes of pricing shop data."""

from shopkeep.pricing.defaults import defaults_ensure
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate


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
