"""Data map of pricing: shipping zones, shipping methods and VAT rates are shop data, nothing personal."""

from shopkeep.pricing.models import PricingChange, ShippingMethod, ShippingZone, VatRate
from shopkeep.privacy.erasure import retention_erasure_register
from shopkeep.privacy.registry import Personal, register

register(ShippingZone, description="shipping zones", non_personal=["id", "name", "countries", "position"])
register(ShippingMethod, description="shipping methods and their prices",
         non_personal=["id", "code", "name", "zone", "kind", "price", "free_over", "delivery", "is_active",
                       "position"])
register(VatRate, description="VAT rates per country and tax class", non_personal=["id", "country", "tax_class",
                                                                                   "rate"])
register(
    PricingChange,
    description="the history of changes to shipping and VAT settings",
    personal={"changed_by": Personal("user.unique_id", ("essential.service.security",), "legitimate_interests", "audit",
                                     erase="keep", about="staff")},
    non_personal=["id", "kind", "label", "action", "before", "after", "created_at"],
)

# After the audit period the change stays in the history, without who made it.
retention_erasure_register(key="audit", model=PricingChange, what="which staff member changed shipping or VAT settings",
                           rows=lambda cutoff: PricingChange.objects.filter(created_at__lt=cutoff))
