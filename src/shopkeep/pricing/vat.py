"""Which VAT rates apply to a delivery.

Prices include VAT. The rule (EU one-stop shop, OSS): goods delivered to a customer in an EU country
carry that country's VAT at the rate of the product's tax class; goods delivered anywhere else carry
the VAT of the country the shop is established in (`SHOPKEEP_SHOP_COUNTRY`). Shipping carries the
standard rate of the same country.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from shopkeep.catalog.models import TaxClass
from shopkeep.pricing.defaults import EU_COUNTRIES
from shopkeep.pricing.errors import VatRateMissing


def rate_percent(rate: Decimal) -> str:
    """A rate as people write it: 19 -> "19%", 5.50 -> "5.5%"."""
    text = f"{rate:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def vat_country(*, destination: str, shop_country: str) -> str:
    """The country whose VAT applies: the destination if it is in the EU, else the shop's own country."""
    destination = (destination or "").upper()
    return destination if destination in EU_COUNTRIES else shop_country.upper()


@dataclass(frozen=True)
class VatTable:
    """The VAT percentages of one country, by tax class."""

    country: str
    rates: Mapping[str, Decimal] = field(default_factory=dict)

    def rate(self, tax_class: str) -> Decimal:
        """The percentage for `tax_class`; VatRateMissing if the shop has not entered it."""
        if tax_class not in self.rates:
            raise VatRateMissing(self.country, tax_class)
        return self.rates[tax_class]

    @property
    def shipping_rate(self) -> Decimal:
        """Shipping is taxed at the standard rate (one rate for it, whatever the parcel holds)."""
        return self.rate(TaxClass.STANDARD)
