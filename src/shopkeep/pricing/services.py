"""Writes of pricing shop data."""

from shopkeep.pricing.defaults import defaults_ensure
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate


def pricing_defaults_ensure() -> None:
    """Add the default shipping zones, methods and VAT rates that are missing (the demo shop's data)."""
    defaults_ensure(zone_model=ShippingZone, method_model=ShippingMethod, rate_model=VatRate)
