"""Why a price cannot be computed, in words the shop owner can act on."""


class PricingError(Exception):
    """A price that cannot be computed from the shop's data."""


class VatRateMissing(PricingError):
    def __init__(self, country: str, tax_class: str):
        super().__init__(f"There is no VAT rate for {tax_class} goods in {country}; add one under Pricing › VAT rates.")
        self.country, self.tax_class = country, tax_class
