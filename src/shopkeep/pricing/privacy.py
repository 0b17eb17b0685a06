"""Data map of pricing: shipping zones, shipping methods and VAT rates are shop data, nothing personal."""

from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.privacy.registry import register

register(ShippingZone, description="shipping zones", non_personal=["id", "name", "countries", "position"])
register(ShippingMethod, description="shipping methods and their prices",
         non_personal=["id", "code", "name", "zone", "kind", "price", "free_over", "delivery", "is_active",
                       "position"])
register(VatRate, description="VAT rates per country and tax class", non_personal=["id", "country", "tax_class",
                                                                                   "rate"])
